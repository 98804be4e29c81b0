package com.restoration.partnerapi.keycloak.revocation;

import com.restoration.partnerapi.keycloak.credentials.SecretRotation;
import com.restoration.partnerapi.keycloak.metrics.PartnerMetrics;
import com.restoration.partnerapi.keycloak.ssf.Revocation;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCClientSecretConfigWrapper;

/**
 * A partner's secret rotated the one way every caller does it (an operator's call, a partner's dashboard): the new
 * secret committed in a transaction of its own before anyone is answered, then, without a grace period, every
 * token issued before it revoked, so the old secret and its tokens are dead the moment the new secret is shown.
 * With one, the old secret's tokens are revoked when it ends ({@link GracePeriodEnds}).
 */
public final class CredentialRotation {

    private static final Logger LOG = Logger.getLogger(CredentialRotation.class);

    private CredentialRotation() {
    }

    public static SecretRotation.Rotated rotate(KeycloakSession session, RealmModel realm, ClientModel client, int gracePeriod) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String id = client.getId();
        SecretRotation.Rotated rotated = KeycloakModelUtils.runJobInTransactionWithResult(factory, own -> {
            RealmModel ownRealm = own.realms().getRealm(realmId);
            ClientModel ownClient = own.clients().getClientById(ownRealm, id);
            SecretRotation.Rotated result = SecretRotation.rotate(ownClient, gracePeriod);
            OIDCClientSecretConfigWrapper secrets = OIDCClientSecretConfigWrapper.fromClientModel(ownClient);
            if (gracePeriod > 0 && secrets.hasRotatedSecret()) {
                GracePeriodEnds.record(own, ownRealm, ownClient, secrets.getClientRotatedSecretCreationTime(),
                        secrets.getClientRotatedSecretExpirationTime());
            }
            return result;
        });
        PartnerMetrics.global().secretRotated(realm.getName(), client.getClientId());
        if (gracePeriod == 0) {
            try {
                rotated = rotated.revokedBefore(TokenRevocation.revokeNow(factory, realm, client, Revocation.SECRET_REPLACED));
            } catch (RuntimeException e) {
                // The new secret has committed: the caller must get it. Without tokens_revoked_before the answer
                // says the old tokens live on; the log says how to revoke them by hand.
                LOG.errorf(e, "Client %s got a new secret, but its tokens could not be revoked: use the client's "
                        + "Advanced → Revocation → Set to now", client.getClientId());
            }
        }
        return rotated;
    }
}
