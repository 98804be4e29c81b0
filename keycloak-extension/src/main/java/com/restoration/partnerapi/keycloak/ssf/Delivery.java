package com.restoration.partnerapi.keycloak.ssf;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Poll delivery (RFC 8936): acknowledged SETs leave the stream's queue, then the oldest unacknowledged ones are
 * returned. An unacknowledged SET is returned again by every poll until it is acknowledged, so a node that dies
 * between delivery and acknowledgement loses nothing.
 *
 * <p>Each look at the table is a short transaction of its own: a long poll holds no connection of its own while it
 * waits (only what the request's authentication may have taken). It waits for a wake-up from this node ({@link PollWakeUp}) and looks again every {@value #RECHECK_MILLIS} ms
 * for events queued on another node.
 */
final class Delivery {

    static final long RECHECK_MILLIS = 250;
    static final int LONG_POLL_SECONDS = 20;
    static final int MAX_EVENTS = 100;
    /**
     * Long polls waiting at once on this node, and on one stream: each holds one of Keycloak's request threads
     * (50 by default), so beyond these a poll answers at once with what is queued, as with {@code returnImmediately}.
     */
    static final int MAX_WAITING = 16;
    static final int MAX_WAITING_PER_STREAM = 2;
    private static final Semaphore WAITING = new Semaphore(MAX_WAITING);
    private static final Map<String, Integer> WAITING_ON_STREAM = new ConcurrentHashMap<>();
    private static final long PRUNE_EVERY_MILLIS = 60_000;
    private static final AtomicLong lastPruned = new AtomicLong();

    record Queued(String jti, long createdAt, String subject, String events) {
    }

    /** What one poll returns; {@code stream} is null when the caller has no such stream (any more). */
    record Batch(StreamEntity stream, List<Queued> events, boolean moreAvailable) {
    }

    private Delivery() {
    }

    static Batch poll(KeycloakSessionFactory factory, RealmModel realm, String streamId, String ownerId,
            Collection<String> acknowledged, int maxEvents, boolean returnImmediately) throws InterruptedException {
        boolean mayWait = !returnImmediately && maxEvents > 0 && WAITING.tryAcquire();
        if (mayWait && WAITING_ON_STREAM.merge(streamId, 1, Integer::sum) > MAX_WAITING_PER_STREAM) {
            release(streamId);
            mayWait = false;
        }
        try {
            return look(factory, realm, streamId, ownerId, acknowledged, maxEvents, mayWait);
        } finally {
            if (mayWait) {
                release(streamId);
            }
        }
    }

    private static void release(String streamId) {
        WAITING_ON_STREAM.computeIfPresent(streamId, (id, count) -> count > 1 ? count - 1 : null);
        WAITING.release();
    }

    private static Batch look(KeycloakSessionFactory factory, RealmModel realm, String streamId, String ownerId,
            Collection<String> acknowledged, int maxEvents, boolean mayWait) throws InterruptedException {
        long deadline = System.nanoTime() + LONG_POLL_SECONDS * 1_000_000_000L;
        boolean first = true;
        while (true) {
            long seen = PollWakeUp.generation();
            boolean firstLook = first;
            Batch batch = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> take(EventQueue.em(session),
                    realm, streamId, ownerId, firstLook ? acknowledged : List.of(), maxEvents, firstLook));
            first = false;
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (batch.stream() == null || !batch.events().isEmpty() || !mayWait || left <= 0) {
                return batch;
            }
            PollWakeUp.await(seen, Math.min(RECHECK_MILLIS, left));
        }
    }

    private static Batch take(EntityManager em, RealmModel realm, String streamId, String ownerId,
            Collection<String> acknowledged, int maxEvents, boolean firstLook) {
        StreamEntity stream = em.find(StreamEntity.class, streamId);
        if (stream == null || !stream.getRealmId().equals(realm.getId()) || !stream.getOwnerId().equals(ownerId)) {
            return new Batch(null, List.of(), false);
        }
        if (!acknowledged.isEmpty()) {
            em.createNamedQuery("partnerSsfAcknowledge")
                    .setParameter("streamId", streamId)
                    .setParameter("jtis", acknowledged)
                    .executeUpdate();
        }
        if (firstLook) {
            // Once per poll, not at every look while it waits: a stream polled lately is not idle. An update of this
            // column alone, so that a status changed meanwhile is not written back.
            em.createNamedQuery("partnerSsfPolled").setParameter("id", streamId)
                    .setParameter("now", Time.currentTimeMillis()).executeUpdate();
            pruneNowAndThen(em, realm);
        }
        if (!"enabled".equals(stream.getStatus()) || maxEvents == 0) {
            return new Batch(stream, List.of(), false);
        }
        List<Queued> events = em.createNamedQuery("partnerSsfQueuedEvents", QueuedEventEntity.class)
                .setParameter("streamId", streamId)
                .setMaxResults(maxEvents + 1)
                .getResultStream()
                .map(e -> new Queued(e.getJti(), e.getCreatedAt(), e.getSubject(), e.getEvents()))
                .toList();
        boolean more = events.size() > maxEvents;
        return new Batch(stream, more ? events.subList(0, maxEvents) : events, more);
    }

    /** Drops, at most once a minute per node, events every token of which has expired, and streams nobody polls. */
    private static void pruneNowAndThen(EntityManager em, RealmModel realm) {
        long now = Time.currentTimeMillis();
        long last = lastPruned.get();
        if (now - last < PRUNE_EVERY_MILLIS || !lastPruned.compareAndSet(last, now)) {
            return;
        }
        long before = now - Retention.seconds(realm) * 1000L;
        em.createNamedQuery("partnerSsfDropOldEvents")
                .setParameter("realmId", realm.getId())
                .setParameter("before", before)
                .executeUpdate();
        List<String> idle = em.createNamedQuery("partnerSsfIdleStreams", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("before", before)
                .getResultList();
        idle.forEach(id -> Streams.delete(em, id));
    }
}
