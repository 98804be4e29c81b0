package com.restoration.partnerapi.keycloak.credentials;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;

/**
 * When a client last got a token, to the minute: written to Keycloak's single-use-object store (replicated across
 * the cluster) at most once a minute per client and node, so that the partner's dashboard can say it without a
 * database write per token. It lives as long as one Keycloak node keeps running, for 30 days at the most.
 */
public final class ClientUsage {

    private static final String PREFIX = "partner-api.last-used:";
    private static final String AT = "at";
    private static final long LIFESPAN_SECONDS = 30L * 24 * 3600;
    private static final long EVERY_SECONDS = 60;

    /** Per node: when this node last wrote each client's entry. */
    private static final Map<String, Long> WRITTEN = new ConcurrentHashMap<>();

    private ClientUsage() {
    }

    /** Called with the request's transaction: the entry is written when a token was issued and committed. */
    public static void tokenIssued(KeycloakSession session, ClientModel client, long nowSeconds) {
        Long last = WRITTEN.get(client.getId());
        if (last != null && nowSeconds - last < EVERY_SECONDS) {
            return;
        }
        WRITTEN.put(client.getId(), nowSeconds);
        session.singleUseObjects().put(PREFIX + client.getId(), LIFESPAN_SECONDS, Map.of(AT, Long.toString(nowSeconds)));
    }

    /** Epoch seconds of the last token, to the minute, or null when none is known. */
    public static Long lastUsed(KeycloakSession session, ClientModel client) {
        Map<String, String> entry = session.singleUseObjects().get(PREFIX + client.getId());
        return entry == null || !entry.containsKey(AT) ? null : Long.valueOf(entry.get(AT));
    }
}
