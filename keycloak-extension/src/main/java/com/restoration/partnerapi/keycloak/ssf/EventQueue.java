package com.restoration.partnerapi.keycloak.ssf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.restoration.partnerapi.keycloak.revocation.RevocationLog;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

/**
 * Puts security events into the streams that asked for them, in the caller's transaction: an event is queued if and
 * only if the change it reports commits. The waiting polls are woken once it has.
 */
public final class EventQueue {

    private EventQueue() {
    }

    /** A client's tokens issued before {@code notBefore} are void. */
    public static void clientRevoked(KeycloakSession session, RealmModel realm, String clientId, int notBefore,
            Revocation why) {
        queueForAll(session, realm, Subjects.client(clientId), why, notBefore);
    }

    /** Every token of the realm issued before {@code notBefore} is void. */
    public static void realmRevoked(KeycloakSession session, RealmModel realm, int notBefore) {
        queueForAll(session, realm, Subjects.realm(realm.getName()), Revocation.ACCESS_ENDED, notBefore);
    }

    private static void queueForAll(KeycloakSession session, RealmModel realm, Map<String, Object> subject,
            Revocation why, int notBefore) {
        EntityManager em = em(session);
        List<StreamEntity> streams = em.createNamedQuery("partnerSsfStreamsReceiving", StreamEntity.class)
                .setParameter("realmId", realm.getId())
                .getResultList();
        for (StreamEntity stream : streams) {
            if (requested(stream).contains(why.eventType())) {
                queue(em, stream, subject, why.events(notBefore));
            }
        }
        if (!streams.isEmpty()) {
            PollWakeUp.afterCommit(session);
        }
    }

    /** A new stream learns the revocations still in force, so a receiver that starts late misses none. */
    static void revocationsInForce(KeycloakSession session, RealmModel realm, StreamEntity stream,
            Map<String, Integer> clients) {
        if ("disabled".equals(stream.getStatus())) {
            return;
        }
        if (!requested(stream).contains(Revocation.IN_FORCE.eventType())) {
            return;
        }
        EntityManager em = em(session);
        long oldest = Time.currentTime() - Retention.seconds(realm);
        if (realm.getNotBefore() > oldest) {
            queue(em, stream, Subjects.realm(realm.getName()), Revocation.IN_FORCE.events(realm.getNotBefore()));
        }
        clients.forEach((clientId, notBefore) -> {
            if (notBefore > oldest) {
                queue(em, stream, Subjects.client(clientId), Revocation.IN_FORCE.events(notBefore));
            }
        });
    }

    /**
     * A revocation that committed while the stream was being made saw no stream, and the stream's snapshot of the
     * revocations in force did not hold it: once the stream has committed, what is in force beyond that snapshot is
     * queued too.
     */
    static void revocationsCommittedMeanwhile(KeycloakSession session, RealmModel realm, String streamId,
            Map<String, Integer> snapshot) {
        String realmId = realm.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                KeycloakModelUtils.runJobInTransaction(factory, own -> {
                    RealmModel fresh = own.realms().getRealm(realmId);
                    StreamEntity stream = em(own).find(StreamEntity.class, streamId);
                    if (fresh == null || stream == null) {
                        return;
                    }
                    Map<String, Integer> later = new HashMap<>(RevocationLog.entries(fresh));
                    later.entrySet().removeIf(entry -> entry.getValue() <= snapshot.getOrDefault(entry.getKey(), 0));
                    if (!later.isEmpty()) {
                        revocationsInForce(own, fresh, stream, later);
                        PollWakeUp.afterCommit(own);
                    }
                });
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** The stream's verification event (SSF 1.0 §8.1.4), with the receiver's {@code state} if it sent one. */
    static void verification(KeycloakSession session, StreamEntity stream, String state) {
        Map<String, Object> event = state == null ? Map.of() : Map.of("state", state);
        queue(em(session), stream, Subjects.stream(stream.getId()), Map.of(EventTypes.VERIFICATION, event));
        PollWakeUp.afterCommit(session);
    }

    private static List<String> requested(StreamEntity stream) {
        return Streams.eventTypes(stream);
    }

    private static void queue(EntityManager em, StreamEntity stream, Map<String, Object> subject, Map<String, Object> events) {
        QueuedEventEntity entity = new QueuedEventEntity();
        entity.setJti(UUID.randomUUID().toString());
        entity.setStreamId(stream.getId());
        entity.setRealmId(stream.getRealmId());
        entity.setCreatedAt(Time.currentTimeMillis());
        entity.setSubject(json(subject));
        entity.setEvents(json(events));
        em.persist(entity);
    }

    /** A receiver client deleted: its streams and their events go with it. */
    public static void receiverRemoved(KeycloakSession session, RealmModel realm, String clientId) {
        Streams.deleteOwnedBy(em(session), realm, clientId);
    }

    static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    private static String json(Object value) {
        try {
            return JsonSerialization.mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Maps of strings and numbers always serialize", e);
        }
    }
}
