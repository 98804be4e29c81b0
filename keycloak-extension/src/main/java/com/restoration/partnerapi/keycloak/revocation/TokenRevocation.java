package com.restoration.partnerapi.keycloak.revocation;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;

/**
 * Revokes every token issued to a client so far, with Keycloak's own per-client "not before" time.
 *
 * <p>Keycloak itself then refuses those tokens at introspection, and {@link RevocationsResource} publishes the time
 * so that resource servers that validate JWTs offline (orders-service) refuse them too.
 */
public final class TokenRevocation {

    private TokenRevocation() {
    }

    /** @return the new not-before time, in seconds since the epoch */
    public static int revokeTokensIssuedUntilNow(ClientModel client) {
        int now = Time.currentTime();
        if (client.getNotBefore() < now) {
            client.setNotBefore(now);
        }
        return client.getNotBefore();
    }
}
