package com.restoration.partnerapi.keycloak.ssf;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A security event waiting in one stream until its receiver acknowledges it. The SET itself is signed when it is
 * delivered, with the realm's key of that moment and the issuer the receiver reached the realm by; what is kept is
 * its {@code jti}, subject and event.
 */
@Entity
@Table(name = "PARTNER_SSF_EVENT")
@NamedQueries({
        @NamedQuery(name = "partnerSsfQueuedEvents",
                query = "select e from QueuedEventEntity e where e.streamId = :streamId order by e.createdAt, e.jti"),
        @NamedQuery(name = "partnerSsfAcknowledge",
                query = "delete from QueuedEventEntity e where e.streamId = :streamId and e.jti in :jtis"),
        @NamedQuery(name = "partnerSsfDropStreamEvents",
                query = "delete from QueuedEventEntity e where e.streamId = :streamId"),
        @NamedQuery(name = "partnerSsfDropOldEvents",
                query = "delete from QueuedEventEntity e where e.realmId = :realmId and e.createdAt < :before"),
})
public class QueuedEventEntity {

    @Id
    @Column(name = "JTI", length = 36)
    private String jti;

    @Column(name = "STREAM_ID", length = 36, nullable = false)
    private String streamId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** Milliseconds since the epoch: delivery order, and the SET's {@code iat}. */
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    /** The SET's {@code sub_id}, as JSON. */
    @Column(name = "SUBJECT", length = 1000, nullable = false)
    private String subject;

    /** The SET's {@code events}, as JSON: one event type and its claims. */
    @Column(name = "EVENTS", length = 2000, nullable = false)
    private String events;

    public String getJti() {
        return jti;
    }

    public void setJti(String jti) {
        this.jti = jti;
    }

    public String getStreamId() {
        return streamId;
    }

    public void setStreamId(String streamId) {
        this.streamId = streamId;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public String getEvents() {
        return events;
    }

    public void setEvents(String events) {
        this.events = events;
    }
}
