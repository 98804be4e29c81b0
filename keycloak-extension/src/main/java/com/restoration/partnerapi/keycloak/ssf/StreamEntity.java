package com.restoration.partnerapi.keycloak.ssf;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** An SSF stream: what one receiver client asked to hear about one realm (SSF 1.0 §8.1.1). */
@Entity
@Table(name = "PARTNER_SSF_STREAM")
@NamedQueries({
        @NamedQuery(name = "partnerSsfStreamsOfOwner",
                query = "select s from StreamEntity s where s.realmId = :realmId and s.ownerId = :ownerId order by s.createdAt"),
        @NamedQuery(name = "partnerSsfStreamsReceiving",
                query = "select s from StreamEntity s where s.realmId = :realmId and s.status <> 'disabled'"),
        @NamedQuery(name = "partnerSsfPolled",
                query = "update StreamEntity s set s.lastPolledAt = :now where s.id = :id"),
        @NamedQuery(name = "partnerSsfStreamsOwnedBy",
                query = "select s.id from StreamEntity s where s.realmId = :realmId and s.ownerId = :ownerId"),
        @NamedQuery(name = "partnerSsfIdleStreams",
                query = "select s.id from StreamEntity s where s.realmId = :realmId and s.lastPolledAt < :before"),
})
public class StreamEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** The receiver client's id (not its client_id, which may be renamed): only it may see or change the stream. */
    @Column(name = "OWNER_ID", length = 36, nullable = false)
    private String ownerId;

    /** The SETs' {@code aud}: the receiver's client_id when it made the stream. */
    @Column(name = "AUDIENCE", length = 255, nullable = false)
    private String audience;

    /** The event type URIs the receiver asked for, separated by spaces; what is delivered is the supported ones. */
    @Column(name = "EVENTS_REQUESTED", length = 2000, nullable = false)
    private String eventsRequested;

    @Column(name = "DESCRIPTION", length = 255)
    private String description;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "STATUS_REASON", length = 255)
    private String statusReason;

    /** Milliseconds since the epoch. */
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "LAST_POLLED_AT", nullable = false)
    private long lastPolledAt;

    @Column(name = "LAST_VERIFICATION_AT", nullable = false)
    private long lastVerificationAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getOwnerId() {
        return ownerId;
    }

    public void setOwnerId(String ownerId) {
        this.ownerId = ownerId;
    }

    public String getAudience() {
        return audience;
    }

    public void setAudience(String audience) {
        this.audience = audience;
    }

    public String getEventsRequested() {
        return eventsRequested;
    }

    public void setEventsRequested(String eventsRequested) {
        this.eventsRequested = eventsRequested;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getStatusReason() {
        return statusReason;
    }

    public void setStatusReason(String statusReason) {
        this.statusReason = statusReason;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public long getLastPolledAt() {
        return lastPolledAt;
    }

    public void setLastPolledAt(long lastPolledAt) {
        this.lastPolledAt = lastPolledAt;
    }

    public long getLastVerificationAt() {
        return lastVerificationAt;
    }

    public void setLastVerificationAt(long lastVerificationAt) {
        this.lastVerificationAt = lastVerificationAt;
    }
}
