package com.restoration.partnerapi.it.support;

import java.util.UUID;
import java.util.function.Consumer;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Partner clients created the way an operator does in the admin console: Client ID, authentication, service
 * account, then the {@code partner} client scope added as a default scope (what makes a client a partner).
 */
public final class Partners {

    private Partners() {
    }

    public record Partner(String clientId, String secret, String id) {
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A client with nothing but a Client ID, "Client authentication" on and "Service account roles" on. */
    public static Partner create(Keycloak admin, String clientId) {
        return create(admin, clientId, client -> { });
    }

    public static Partner create(Keycloak admin, String clientId, Consumer<ClientRepresentation> customize) {
        Partner partner = createUnmarked(admin, clientId, customize);
        markAsPartner(admin, partner.id());
        return partner;
    }

    /** A client like a partner's, without the partner marker: the operators' endpoints must not touch it. */
    public static Partner createUnmarked(Keycloak admin, String clientId, Consumer<ClientRepresentation> customize) {
        return createUnmarked(admin, KeycloakServer.REALM, clientId, customize);
    }

    /** The same client in another realm (master, say), where the extension does nothing. */
    public static Partner createUnmarked(Keycloak admin, String realm, String clientId, Consumer<ClientRepresentation> customize) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        customize.accept(client);
        try (Response response = admin.realm(realm).clients().create(client)) {
            String id = AdminApi.createdId(response, "Creating client " + clientId);
            ClientResource resource = admin.realm(realm).clients().get(id);
            String secret = Boolean.TRUE.equals(client.isPublicClient()) ? null : resource.getSecret().getValue();
            SeenSecrets.add(secret);
            return new Partner(clientId, secret, id);
        }
    }

    /** Client scopes → Add client scope → partner → Default. */
    public static void markAsPartner(Keycloak admin, String id) {
        String scopeId = admin.realm(KeycloakServer.REALM).clientScopes().findAll().stream()
                .filter(scope -> scope.getName().equals("partner")).findFirst().orElseThrow().getId();
        admin.realm(KeycloakServer.REALM).clients().get(id).addDefaultClientScope(scopeId);
    }
}
