package com.restoration.partnerapi.keycloak.revocation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.restoration.partnerapi.keycloak.metrics.PartnerMetrics;
import com.restoration.partnerapi.keycloak.realm.PartnerRealms;
import com.restoration.partnerapi.keycloak.ssf.Revocation;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Revokes a client's tokens when Keycloak's admin API gives it a new secret or kills its old one: the console's
 * <em>Regenerate</em> ({@code POST clients/{id}/client-secret}) and <em>Invalidate the rotated secret</em>
 * ({@code DELETE clients/{id}/client-secret/rotated}); and when it takes rights away: a default client scope
 * removed, the client's service account disabled. Updates, deletion and renames come as model events instead
 * ({@link ClientChangeListener}). It runs inside the admin request; the revocation follows its commit.
 */
final class CredentialLossListener implements EventListenerProvider {

    private static final Pattern SECRET_PATH = Pattern.compile("^clients/([^/]+)/client-secret(/rotated)?$");
    private static final Pattern DEFAULT_SCOPE_PATH = Pattern.compile("^clients/([^/]+)/default-client-scopes/[^/]+$");
    private static final Pattern USER_PATH = Pattern.compile("^users/([^/]+)$");

    private final KeycloakSession session;

    CredentialLossListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getError() != null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (!PartnerRealms.serves(realm)) {
            return;
        }
        if (event.getResourceType() == ResourceType.REALM) {
            // The realm's not-before raised (Sessions → Revocation → Set to now, "logout all"): every token dies.
            RealmRevocation.publishIfRaised(session, realm);
            return;
        }
        if (event.getResourcePath() == null) {
            return;
        }
        ClientModel client = switch (event.getResourceType()) {
            case CLIENT -> event.getOperationType() == OperationType.ACTION || event.getOperationType() == OperationType.DELETE
                    ? client(realm, event.getResourcePath(), SECRET_PATH) : null;
            // A default scope removed (orders:write, the partner marker): tokens that carry it must not outlive it.
            case CLIENT_SCOPE_CLIENT_MAPPING -> event.getOperationType() == OperationType.DELETE
                    ? client(realm, event.getResourcePath(), DEFAULT_SCOPE_PATH) : null;
            // A service account disabled: its client's tokens die with it.
            case USER -> event.getOperationType() == OperationType.UPDATE ? disabledServiceAccountsClient(realm, event.getResourcePath()) : null;
            default -> null;
        };
        if (client != null) {
            TokenRevocation.afterCommit(session, realm, client, why(event));
            if (event.getResourceType() == ResourceType.CLIENT && event.getOperationType() == OperationType.ACTION) {
                // The console's Regenerate: a rotation without grace period.
                PartnerMetrics.global().secretRotated(realm.getName(), client.getClientId());
            }
        }
    }

    /** Regenerate gives a new secret; invalidating the rotated one ends the previous; the rest ends access. */
    private static Revocation why(AdminEvent event) {
        if (event.getResourceType() != ResourceType.CLIENT) {
            return Revocation.ACCESS_ENDED;
        }
        return event.getOperationType() == OperationType.ACTION ? Revocation.SECRET_REPLACED : Revocation.PREVIOUS_SECRET_ENDED;
    }

    private ClientModel client(RealmModel realm, String path, Pattern pattern) {
        Matcher matcher = pattern.matcher(path);
        return matcher.matches() ? session.clients().getClientById(realm, matcher.group(1)) : null;
    }

    private ClientModel disabledServiceAccountsClient(RealmModel realm, String path) {
        Matcher matcher = USER_PATH.matcher(path);
        UserModel user = matcher.matches() ? session.users().getUserById(realm, matcher.group(1)) : null;
        if (user == null || user.isEnabled() || user.getServiceAccountClientLink() == null) {
            return null;
        }
        return session.clients().getClientById(realm, user.getServiceAccountClientLink());
    }

    @Override
    public void close() {
    }
}
