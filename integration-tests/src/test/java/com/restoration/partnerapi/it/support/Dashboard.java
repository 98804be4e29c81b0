package com.restoration.partnerapi.it.support;

import java.util.List;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.ClientRepresentation;

/** The partner dashboard's client, pointed at a test stack's gateway as PARTNER_API_BASE_URL does at an import. */
public final class Dashboard {

    public static final String CLIENT_ID = "partner-dashboard";
    /** The tests' re-authentication window (300 s in production): long enough for a login and a click. */
    public static final int REAUTHENTICATION_SECONDS = 30;

    private Dashboard() {
    }

    /** What an operator sets when the gateway's public URL is not the one the realm was imported with. */
    static void allowGateway(Keycloak admin, String baseUrl) {
        var clients = admin.realm(KeycloakServer.REALM).clients();
        ClientResource resource = clients.get(clients.findByClientId(CLIENT_ID).get(0).getId());
        ClientRepresentation client = resource.toRepresentation();
        client.setRootUrl(baseUrl);
        client.setRedirectUris(List.of(baseUrl + "/dashboard/"));
        client.getAttributes().put("post.logout.redirect.uris", baseUrl + "/dashboard/");
        resource.update(client);
    }
}
