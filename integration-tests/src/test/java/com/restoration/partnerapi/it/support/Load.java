package com.restoration.partnerapi.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The load a fault test keeps running while it breaks something: worker threads sending one kind of request
 * until stopped, each outcome kept with the time it was sent, so a test can count what happened when.
 */
public final class Load implements AutoCloseable {

    /** An outcome: the HTTP status, or {@link #NO_RESPONSE} when the connection failed. */
    public record Outcome(long sentAt, long answeredAt, int status) {

        public boolean sentAfter(long millis) {
            return sentAt > millis;
        }
    }

    public static final int NO_RESPONSE = -1;
    private static final Set<Load> RUNNING = ConcurrentHashMap.newKeySet();

    private final String name;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final List<Thread> workers = new ArrayList<>();

    private Load(String name, int workerCount, long pauseMillis, IntSupplier request) {
        this.name = name;
        RUNNING.add(this);
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(() -> {
                while (running.get()) {
                    long sent = System.currentTimeMillis();
                    int status;
                    try {
                        status = request.getAsInt();
                    } catch (RuntimeException connectionFailed) {
                        status = NO_RESPONSE;
                    }
                    outcomes.add(new Outcome(sent, System.currentTimeMillis(), status));
                    if (pauseMillis > 0) {
                        pause(pauseMillis);
                    }
                }
            }, name + "-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** Starts {@code workers} threads, each sending {@code request} (which returns the status) in a loop. */
    public static Load start(String name, int workers, IntSupplier request) {
        return new Load(name, workers, 0, request);
    }

    /**
     * Like {@link #start(String, int, IntSupplier)}, each worker pausing between requests: a steady load that
     * leaves the machine's two cores to the servers under test (a Keycloak node starting up, say).
     */
    public static Load paced(String name, int workers, long pauseMillis, IntSupplier request) {
        return new Load(name, workers, pauseMillis, request);
    }

    /** Stops the workers once their current requests are answered. */
    public Load stop() {
        running.set(false);
        RUNNING.remove(this);
        for (Thread worker : workers) {
            try {
                worker.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return this;
    }

    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    public long count(Predicate<Outcome> which) {
        return outcomes.stream().filter(which).count();
    }

    /** Outcomes by status. */
    public Map<Integer, Long> byStatus(Predicate<Outcome> which) {
        Map<Integer, Long> counts = new TreeMap<>();
        outcomes.stream().filter(which).forEach(outcome -> counts.merge(outcome.status(), 1L, Long::sum));
        return counts;
    }

    /** One line for the test's output: how many requests, and their statuses ({@code -1}: no response). */
    public String summary() {
        return String.format("%s: %d requests, by status %s", name, outcomes.size(), byStatus(outcome -> true));
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops every load still running: after a test that failed halfway, so none runs on into the next test. */
    public static void stopAll() {
        List.copyOf(RUNNING).forEach(Load::stop);
    }

    /** Sleeps while the load runs. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
