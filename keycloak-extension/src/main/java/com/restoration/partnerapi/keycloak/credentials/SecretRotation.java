package com.restoration.partnerapi.keycloak.credentials;

import java.time.Instant;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.restoration.partnerapi.keycloak.revocation.SecretFingerprint;
import org.keycloak.common.Profile;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCClientSecretConfigWrapper;
import org.keycloak.services.ErrorResponse;

/**
 * Gives a client a new secret with Keycloak's own generator.
 *
 * <p>Without a grace period the old secret stops at once (the caller then revokes every token issued so far, once
 * this has committed: {@code TokenRevocation}). With one, the
 * old secret becomes Keycloak's "rotated secret" with an expiry, which Keycloak's client authenticator accepts
 * until then (the {@code client-secret-rotation} feature); tokens are not revoked, as the rotation is planned.
 */
public final class SecretRotation {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rotated(@JsonProperty("client_id") String clientId,
                          @JsonProperty("client_secret") String clientSecret,
                          @JsonProperty("rotated_at") String rotatedAt,
                          @JsonProperty("previous_secret_expires_at") String previousSecretExpiresAt,
                          @JsonProperty("tokens_revoked_before") String tokensRevokedBefore) {

        /** Once the revocation is in force: tokens issued before this second are refused. */
        public Rotated revokedBefore(int notBefore) {
            return new Rotated(clientId, clientSecret, rotatedAt, previousSecretExpiresAt, iso(notBefore));
        }
    }

    private SecretRotation() {
    }

    public static Rotated rotate(ClientModel client, int gracePeriodSeconds) {
        if (client.isPublicClient() || client.isBearerOnly()) {
            throw ErrorResponse.error("Client " + client.getClientId() + " does not authenticate with a secret",
                    Response.Status.BAD_REQUEST);
        }
        if (gracePeriodSeconds > 0 && !Profile.isFeatureEnabled(Profile.Feature.CLIENT_SECRET_ROTATION)) {
            throw ErrorResponse.error("grace_period_seconds needs Keycloak's client-secret-rotation feature "
                    + "(--features=client-secret-rotation)", Response.Status.BAD_REQUEST);
        }
        int now = Time.currentTime();
        String previous = client.getSecret();
        OIDCClientSecretConfigWrapper secrets = OIDCClientSecretConfigWrapper.fromClientModel(client);
        String secret = KeycloakModelUtils.generateSecret(client);

        if (gracePeriodSeconds > 0 && previous != null) {
            long expires = (long) now + gracePeriodSeconds;
            secrets.setClientRotatedSecret(previous);
            secrets.setClientRotatedSecretCreationTime((long) now);
            secrets.setClientRotatedSecretExpirationTime(expires);
            SecretFingerprint.keep(client);
            return new Rotated(client.getClientId(), secret, iso(now), iso(expires), null);
        }
        secrets.removeClientSecretRotated();
        SecretFingerprint.keep(client);
        return new Rotated(client.getClientId(), secret, iso(now), null, null);
    }

    private static String iso(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }
}
