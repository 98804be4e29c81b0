package com.restoration.partnerapi.keycloak.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Which clients are partners: the only clients the operators' endpoints act on.
 *
 * <p>A partner is a client with the realm's {@value #MARKER_SCOPE} client scope as a default scope (provisioning
 * adds it; in the console: the client's <em>Client scopes → Add client scope → partner → Default</em>). The same
 * scope carries the {@code orders-service} audience, so only partners reach the orders API at all. A marked client
 * still is no partner when it could be more than one: one of Keycloak's built-in clients, a client that does not
 * authenticate with a secret through a service account, or one whose service account holds any
 * {@code realm-management} role or one of this extension's own roles: its secret would be a path to those rights.
 */
public final class PartnerClients {

    public static final String MARKER_SCOPE = "partner";
    public static final String OPERATOR_ROLE = "partner-credentials-operator";
    public static final String REVOCATIONS_READER_ROLE = "partner-revocations-reader";

    private PartnerClients() {
    }

    public static boolean isPartner(KeycloakSession session, RealmModel realm, ClientModel client) {
        if (client == null || Constants.defaultClients.contains(client.getClientId()) || client.isPublicClient() || client.isBearerOnly()
                || !client.isServiceAccountsEnabled() || !"client-secret".equals(client.getClientAuthenticatorType())
                || !client.getClientScopes(true).containsKey(MARKER_SCOPE)) {
            return false;
        }
        UserModel serviceAccount = session.users().getServiceAccount(client);
        return serviceAccount != null && !holdsPrivilege(realm, serviceAccount);
    }

    /** Whether a user holds any realm-management role or one of this extension's own roles. */
    public static boolean holdsPrivilege(RealmModel realm, UserModel user) {
        ClientModel realmManagement = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        if (realmManagement != null && realmManagement.getRolesStream().anyMatch(user::hasRole)) {
            return true;
        }
        return Set.of(OPERATOR_ROLE, REVOCATIONS_READER_ROLE).stream()
                .map(realm::getRole)
                .anyMatch(role -> role != null && user.hasRole(role));
    }

    /** The realm's default client scopes and the partner marker: what a provisioned partner gets. */
    static List<String> defaultScopes(RealmModel realm) {
        List<String> scopes = new ArrayList<>(realm.getDefaultClientScopesStream(true).map(ClientScopeModel::getName).toList());
        if (!scopes.contains(MARKER_SCOPE)) {
            scopes.add(MARKER_SCOPE);
        }
        return scopes;
    }

}
