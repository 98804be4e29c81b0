package com.restoration.partnerapi.keycloak.revocation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.restoration.partnerapi.keycloak.realm.PartnerRealms;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Revokes a client's tokens when Keycloak's admin API gives it a new secret or kills its old one: the console's
 * <em>Regenerate</em> ({@code POST clients/{id}/client-secret}) and <em>Invalidate the rotated secret</em>
 * ({@code DELETE clients/{id}/client-secret/rotated}). Updates, deletion and renames come as model events instead
 * ({@link ClientChangeListener}). It runs inside the admin request; the revocation follows its commit.
 */
final class CredentialLossListener implements EventListenerProvider {

    private static final Pattern SECRET_PATH = Pattern.compile("^clients/([^/]+)/client-secret(/rotated)?$");

    private final KeycloakSession session;

    CredentialLossListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.CLIENT || event.getResourcePath() == null || event.getError() != null
                || (event.getOperationType() != OperationType.ACTION && event.getOperationType() != OperationType.DELETE)) {
            return;
        }
        Matcher matcher = SECRET_PATH.matcher(event.getResourcePath());
        if (!matcher.matches()) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (!PartnerRealms.serves(realm)) {
            return;
        }
        ClientModel client = session.clients().getClientById(realm, matcher.group(1));
        if (client != null) {
            TokenRevocation.afterCommit(session, realm, client);
        }
    }

    @Override
    public void close() {
    }
}
