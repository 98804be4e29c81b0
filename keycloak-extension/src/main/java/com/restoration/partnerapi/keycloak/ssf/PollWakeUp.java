package com.restoration.partnerapi.keycloak.ssf;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Wakes the long polls waiting on this node once a transaction that queued events has committed. Polls waiting on
 * other nodes find the events by looking at the table while they wait ({@link Delivery#RECHECK_MILLIS}).
 */
final class PollWakeUp {

    private static final Object LOCK = new Object();
    private static final String ENLISTED = PollWakeUp.class.getName();
    private static long generation;

    private PollWakeUp() {
    }

    /** Wakes the waiting polls after {@code session}'s transaction commits; once per transaction. */
    static void afterCommit(KeycloakSession session) {
        if (session.getAttribute(ENLISTED) != null) {
            return;
        }
        session.setAttribute(ENLISTED, Boolean.TRUE);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                wake();
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    static void wake() {
        synchronized (LOCK) {
            generation++;
            LOCK.notifyAll();
        }
    }

    /** What a poll remembers before it looks at the table, so that a wake-up in between is not lost. */
    static long generation() {
        synchronized (LOCK) {
            return generation;
        }
    }

    /** Waits until a wake-up after {@code seen}, or {@code millis}. */
    static void await(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (LOCK) {
            while (generation == seen) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                LOCK.wait(left);
            }
        }
    }
}
