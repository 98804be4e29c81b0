package com.restoration.partnerapi.keycloak.revocation;

import java.util.Map;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCClientSecretConfigWrapper;

/**
 * When a client last authenticated with its previous secret during a rotation's grace period, in Keycloak's
 * single-use-object store (replicated across the cluster). When the grace period ends, the tokens that secret got are
 * revoked, and only those issued up to its last use: a partner that switched early keeps the tokens its new secret got.
 */
public final class PreviousSecretUse {

    private static final String PREFIX = "partner-api.previous-secret-used:";
    private static final String AT = "at";
    /** The longest grace period (7 days) and a day more. */
    private static final long LIFESPAN_SECONDS = 8L * 24 * 3600;

    private PreviousSecretUse() {
    }

    /** After a successful client authentication: notes the time if the secret presented was the previous one. */
    public static void noteIfPrevious(KeycloakSession session, ClientModel client, String presentedSecret) {
        if (presentedSecret == null || client == null) {
            return;
        }
        OIDCClientSecretConfigWrapper secrets = OIDCClientSecretConfigWrapper.fromClientModel(client);
        // Keycloak's own check of the rotated secret (constant-time, vault references resolved).
        if (secrets.hasRotatedSecret() && secrets.validateRotatedSecret(session, presentedSecret)) {
            note(session, client, Time.currentTime());
        }
    }

    /** At the rotation: the previous secret was in use until then. */
    static void rotated(KeycloakSession session, ClientModel client, long rotatedAt) {
        note(session, client, rotatedAt);
    }

    private static void note(KeycloakSession session, ClientModel client, long at) {
        session.singleUseObjects().put(PREFIX + client.getId(), LIFESPAN_SECONDS, Map.of(AT, Long.toString(at)));
    }

    /**
     * Epoch seconds of the last use of the previous secret (at least the rotation's), or 0 when it is not known: the
     * store lost it, with every node restarted.
     */
    static int last(KeycloakSession session, ClientModel client) {
        Map<String, String> entry = session.singleUseObjects().get(PREFIX + client.getId());
        try {
            return entry == null || !entry.containsKey(AT) ? 0 : Integer.parseInt(entry.get(AT));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
