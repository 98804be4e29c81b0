package com.restoration.partnerapi.keycloak.ssf;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/** A receiver's streams in the table: made, found, changed and removed only by the client that owns them. */
final class Streams {

    /** A receiver needs one stream per replica; more than this is a leak, not a deployment. */
    static final int MAX_PER_RECEIVER = 50;
    static final int MIN_VERIFICATION_INTERVAL_SECONDS = 10;
    private static final long IDLE_GIVES_WAY_MILLIS = 3_600_000;
    static final Set<String> STATUSES = Set.of("enabled", "paused", "disabled");

    private Streams() {
    }

    static List<StreamEntity> of(EntityManager em, RealmModel realm, ClientModel owner) {
        return em.createNamedQuery("partnerSsfStreamsOfOwner", StreamEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("ownerId", owner.getId())
                .getResultList();
    }

    /** The caller's stream, or null: another receiver's stream is as absent as one that never was. */
    static StreamEntity find(EntityManager em, RealmModel realm, ClientModel owner, String streamId) {
        StreamEntity stream = streamId == null ? null : em.find(StreamEntity.class, streamId);
        return stream != null && stream.getRealmId().equals(realm.getId()) && stream.getOwnerId().equals(owner.getId())
                ? stream : null;
    }

    static StreamEntity create(EntityManager em, RealmModel realm, ClientModel owner, List<String> eventsRequested,
            String description) {
        StreamEntity stream = new StreamEntity();
        stream.setId(UUID.randomUUID().toString());
        stream.setRealmId(realm.getId());
        stream.setOwnerId(owner.getId());
        stream.setAudience(owner.getClientId());
        stream.setEventsRequested(requested(eventsRequested));
        stream.setDescription(description);
        stream.setStatus("enabled");
        long now = Time.currentTimeMillis();
        stream.setCreatedAt(now);
        stream.setLastPolledAt(now);
        em.persist(stream);
        return stream;
    }

    static void delete(EntityManager em, String streamId) {
        em.createNamedQuery("partnerSsfDropStreamEvents").setParameter("streamId", streamId).executeUpdate();
        StreamEntity stream = em.find(StreamEntity.class, streamId);
        if (stream != null) {
            em.remove(stream);
        }
    }

    /** As stored: none requested means all supported. */
    static String requested(List<String> eventsRequested) {
        return String.join(" ", eventsRequested == null ? EventTypes.SUPPORTED : eventsRequested);
    }

    static List<String> requested(StreamEntity stream) {
        return Arrays.stream(stream.getEventsRequested().split(" ")).filter(type -> !type.isEmpty()).toList();
    }

    /** The event types the stream delivers. */
    static List<String> eventTypes(StreamEntity stream) {
        return delivered(requested(stream));
    }

    /**
     * At the limit, those of a receiver's streams nobody polled for an hour give way (replicas that went, with names
     * that change at each start): returns how many were dropped.
     */
    static int dropIdle(EntityManager em, List<StreamEntity> streams) {
        long hourAgo = Time.currentTimeMillis() - IDLE_GIVES_WAY_MILLIS;
        List<String> idle = streams.stream().filter(stream -> stream.getLastPolledAt() < hourAgo)
                .map(StreamEntity::getId).toList();
        idle.forEach(id -> delete(em, id));
        return idle.size();
    }

    /** A receiver client deleted: its streams go with it. */
    static void deleteOwnedBy(EntityManager em, RealmModel realm, String ownerId) {
        em.createNamedQuery("partnerSsfStreamsOwnedBy", String.class).setParameter("realmId", realm.getId())
                .setParameter("ownerId", ownerId).getResultList().forEach(id -> delete(em, id));
    }

    /** What will be delivered of what was requested: the supported types, in our order; none requested means all. */
    static List<String> delivered(List<String> requested) {
        if (requested == null) {
            return EventTypes.SUPPORTED;
        }
        Set<String> wanted = new LinkedHashSet<>(requested);
        return EventTypes.SUPPORTED.stream().filter(wanted::contains).toList();
    }
}
