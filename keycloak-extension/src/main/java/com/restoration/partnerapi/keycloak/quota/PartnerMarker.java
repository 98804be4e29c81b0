package com.restoration.partnerapi.keycloak.quota;

import com.restoration.partnerapi.keycloak.credentials.PartnerClients;
import org.keycloak.models.ClientModel;

/** Whether a client carries the partner marker scope, remembered for a second per client and node. */
final class PartnerMarker {

    private static final RememberedForASecond<Boolean> MARKED = new RememberedForASecond<>();

    private PartnerMarker() {
    }

    static boolean marked(ClientModel client) {
        return MARKED.get(client.getId(), () -> client.getClientScopes(true).containsKey(PartnerClients.MARKER_SCOPE));
    }
}
