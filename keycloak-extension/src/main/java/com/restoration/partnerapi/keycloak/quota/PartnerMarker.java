package com.restoration.partnerapi.keycloak.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.restoration.partnerapi.keycloak.credentials.PartnerClients;
import org.keycloak.models.ClientModel;

/**
 * Whether a client carries the partner marker scope, remembered for a second per client and node: assembling a
 * client's scopes on every token request costs more than the quota's own check.
 */
final class PartnerMarker {

    private record Seen(boolean marked, long until) {
    }

    private static final Map<String, Seen> SEEN = new ConcurrentHashMap<>();

    private PartnerMarker() {
    }

    static boolean marked(ClientModel client) {
        long now = System.currentTimeMillis();
        Seen seen = SEEN.get(client.getId());
        if (seen != null && now < seen.until()) {
            return seen.marked();
        }
        boolean marked = client.getClientScopes(true).containsKey(PartnerClients.MARKER_SCOPE);
        SEEN.put(client.getId(), new Seen(marked, now + 1_000));
        return marked;
    }
}
