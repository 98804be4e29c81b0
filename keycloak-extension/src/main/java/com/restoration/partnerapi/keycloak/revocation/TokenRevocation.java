package com.restoration.partnerapi.keycloak.revocation;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;

/**
 * Revokes every token issued to a client so far, with Keycloak's own per-client "not before" time.
 *
 * <p>Keycloak itself then refuses those tokens at introspection, and {@link RevocationsResource} publishes the time
 * so that resource servers that validate JWTs offline (orders-service) refuse them too. Token times are whole
 * seconds and a token is valid from its client's not-before on ({@code iat >= notBefore}), so the not-before is
 * the second <em>after</em> now: a token issued in the same second as the rotation, before it, is revoked too.
 */
public final class TokenRevocation {

    private TokenRevocation() {
    }

    /** @return the new not-before time, in seconds since the epoch */
    public static int revokeTokensIssuedUntilNow(ClientModel client) {
        int notBefore = Time.currentTime() + 1;
        if (client.getNotBefore() < notBefore) {
            client.setNotBefore(notBefore);
        }
        return client.getNotBefore();
    }

    /**
     * Waits until {@code notBefore} has begun, so that a token issued with the new secret (which the caller is
     * about to hand out) cannot be born revoked. At most a second.
     */
    public static void awaitInForce(int notBefore) {
        long waitMillis = notBefore * 1000L - Time.currentTimeMillis();
        if (waitMillis > 0) {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
