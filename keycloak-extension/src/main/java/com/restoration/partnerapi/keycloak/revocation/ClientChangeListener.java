package com.restoration.partnerapi.keycloak.revocation;

import com.restoration.partnerapi.keycloak.credentials.PartnerOrganizations;
import com.restoration.partnerapi.keycloak.realm.PartnerRealms;
import com.restoration.partnerapi.keycloak.ssf.EventQueue;
import com.restoration.partnerapi.keycloak.ssf.Revocation;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Revokes a client's tokens on every model change that ends its credentials, whoever makes it (admin console,
 * admin API, partial import, dynamic client registration):
 * <ul>
 *   <li>an update that leaves the client disabled, gives it another secret, or raises its not-before time;</li>
 *   <li>its service account deleted (also what turning service accounts off does);</li>
 *   <li>deletion, and a change of client_id: the former client_id's tokens, so that a client created later under
 *       that client_id never inherits them.</li>
 * </ul>
 * Deletion and a change of client_id also update the partner organization that lists the client; deletion also
 * removes the Shared Signals streams the client had as a receiver.
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
                PartnerOrganizations.clientRemoved(removed.getKeycloakSession(), client.getRealm(), client.getClientId());
                EventQueue.receiverRemoved(removed.getKeycloakSession(), client.getRealm(), client.getId());
            }
        } else if (event instanceof UserModel.UserRemovedEvent removed) {
            // A client's service account deleted: the client can no longer get tokens, and its old ones die too.
            String clientLink = removed.getUser().getServiceAccountClientLink();
            RealmModel realm = removed.getRealm();
            ClientModel client = clientLink == null || !PartnerRealms.serves(realm) ? null
                    : removed.getKeycloakSession().clients().getClientById(realm, clientLink);
            if (client != null) {
                TokenRevocation.afterCommit(removed.getKeycloakSession(), realm, client, Revocation.ACCESS_ENDED);
            }
        } else if (event instanceof ClientModel.ClientIdChangeEvent renamed) {
            RealmModel realm = renamed.getUpdatedClient().getRealm();
            String previous = renamed.getPreviousClientId();
            if (PartnerRealms.serves(realm) && previous != null && renamed.getNewClientId() != null
                    && !previous.equals(renamed.getNewClientId())) {
                TokenRevocation.afterCommit(renamed.getKeycloakSession(), realm, previous);
                PartnerOrganizations.clientRenamed(renamed.getKeycloakSession(), realm, previous, renamed.getNewClientId());
            }
        }
    }

    private static void onUpdate(ClientModel.ClientUpdatedEvent event) {
        ClientModel client = event.getUpdatedClient();
        RealmModel realm = client.getRealm();
        if (!PartnerRealms.serves(realm)) {
            return;
        }
        // Also on creation (Keycloak sends this event then too): the first fingerprint.
        boolean secretChanged = SecretFingerprint.keep(client);
        // (Service accounts turned off: Keycloak deletes the service account, a UserRemovedEvent.)
        boolean credentialsDied = secretChanged || !client.isEnabled()
                || client.getNotBefore() > TokenRevocation.notBeforeSeen(client);
        if (credentialsDied) {
            TokenRevocation.afterCommit(event.getKeycloakSession(), realm, client,
                    secretChanged ? Revocation.SECRET_REPLACED : Revocation.ACCESS_ENDED);
        }
    }
}
