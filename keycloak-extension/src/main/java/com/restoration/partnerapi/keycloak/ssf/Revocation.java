package com.restoration.partnerapi.keycloak.ssf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a client's tokens were revoked, as the CAEP event that says so. Every one carries {@code event_timestamp}: the
 * second from which the client's tokens are void (a token with an earlier {@code iat} is revoked).
 */
public enum Revocation {

    /** A rotation, Regenerate, a secret set by an update: the client has a new secret. */
    SECRET_REPLACED(EventTypes.CREDENTIAL_CHANGE, "update", "The client's secret was replaced"),

    /** The rotated (previous) secret invalidated, or its grace period over. */
    PREVIOUS_SECRET_ENDED(EventTypes.CREDENTIAL_CHANGE, "revoke",
            "The client's previous secret was invalidated or its grace period ended"),

    /** Disabled, deleted, renamed, its service account disabled or deleted, its partner scope removed, its not-before raised. */
    ACCESS_ENDED(EventTypes.SESSION_REVOKED, null,
            "The client's access ended: disabled, deleted, renamed, or its tokens revoked by an administrator"),

    /** A revocation made before the stream existed, still in force when the stream was created. */
    IN_FORCE(EventTypes.SESSION_REVOKED, null, "Tokens revoked before this stream was created");

    private final String eventType;
    private final String changeType;
    private final String reason;

    Revocation(String eventType, String changeType, String reason) {
        this.eventType = eventType;
        this.changeType = changeType;
        this.reason = reason;
    }

    String eventType() {
        return eventType;
    }

    /** The {@code events} claim of the SET. */
    Map<String, Object> events(int notBefore) {
        Map<String, Object> event = new LinkedHashMap<>();
        if (changeType != null) {
            event.put("credential_type", "client_secret");
            event.put("change_type", changeType);
        }
        event.put("event_timestamp", notBefore);
        event.put("reason_admin", Map.of("en", reason));
        return Map.of(eventType, event);
    }
}
