package com.restoration.partnerapi.keycloak.revocation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Revokes a client's outstanding tokens when its secret is regenerated through Keycloak itself: the admin
 * console's "Regenerate" button and {@code POST /admin/realms/{realm}/clients/{id}/client-secret}.
 *
 * <p>It runs inside the admin request's transaction, so the new secret and the revocation commit together.
 */
final class SecretRegeneratedListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(SecretRegeneratedListener.class);
    private static final Pattern REGENERATE_PATH = Pattern.compile("^clients/([^/]+)/client-secret$");

    private final KeycloakSession session;

    SecretRegeneratedListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.CLIENT || event.getOperationType() != OperationType.ACTION
                || event.getResourcePath() == null || event.getError() != null) {
            return;
        }
        Matcher matcher = REGENERATE_PATH.matcher(event.getResourcePath());
        if (!matcher.matches()) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        ClientModel client = realm == null ? null : session.clients().getClientById(realm, matcher.group(1));
        if (client == null) {
            return;
        }
        int notBefore = TokenRevocation.revokeTokensIssuedUntilNow(client);
        LOG.infof("Client %s of realm %s got a new secret: tokens issued before %d are revoked",
                client.getClientId(), realm.getName(), notBefore);
    }

    @Override
    public void close() {
    }
}
