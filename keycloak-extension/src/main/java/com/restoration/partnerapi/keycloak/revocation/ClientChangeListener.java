package com.restoration.partnerapi.keycloak.revocation;

import com.restoration.partnerapi.keycloak.realm.PartnerRealms;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Revokes a client's tokens on every model change that ends its credentials, whoever makes it (admin console,
 * admin API, partial import, dynamic client registration):
 * <ul>
 *   <li>an update that leaves the client disabled, gives it another secret, or raises its not-before time;</li>
 *   <li>deletion, and a change of client_id: the former client_id's tokens, so that a client created later under
 *       that client_id never inherits them.</li>
 * </ul>
 */
final class ClientChangeListener implements ProviderEventListener {

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof ClientModel.ClientUpdatedEvent updated) {
            onUpdate(updated);
        } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
            ClientModel client = removed.getClient();
            if (PartnerRealms.serves(client.getRealm())) {
                TokenRevocation.afterCommit(removed.getKeycloakSession(), client.getRealm(), client.getClientId());
            }
        } else if (event instanceof ClientModel.ClientIdChangeEvent renamed) {
            RealmModel realm = renamed.getUpdatedClient().getRealm();
            String previous = renamed.getPreviousClientId();
            if (PartnerRealms.serves(realm) && previous != null && renamed.getNewClientId() != null
                    && !previous.equals(renamed.getNewClientId())) {
                TokenRevocation.afterCommit(renamed.getKeycloakSession(), realm, previous);
            }
        }
    }

    private static void onUpdate(ClientModel.ClientUpdatedEvent event) {
        ClientModel client = event.getUpdatedClient();
        RealmModel realm = client.getRealm();
        if (!PartnerRealms.serves(realm)) {
            return;
        }
        boolean credentialsDied = !client.isEnabled() || SecretFingerprint.changed(client)
                || client.getNotBefore() > RevocationLog.notBefore(realm, client.getClientId());
        // Also on creation (Keycloak sends this event then too): the first fingerprint.
        SecretFingerprint.keep(client);
        if (credentialsDied) {
            TokenRevocation.afterCommit(event.getKeycloakSession(), realm, client);
        }
    }
}
