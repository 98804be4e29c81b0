package com.restoration.partnerapi.keycloak.credentials;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ClientsResource;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Creates a partner client in one step through Keycloak's own client creation (permissions, client policies,
 * validation, admin event, duplicate check as {@code 409}), with the realm's partner settings and the
 * {@value PartnerClients#MARKER_SCOPE} marker scope.
 */
public final class PartnerProvisioning {

    private final KeycloakSession session;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public record Provisioned(@JsonProperty("id") String id,
                              @JsonProperty("client_id") String clientId,
                              @JsonProperty("client_secret") String clientSecret) {
    }

    public PartnerProvisioning(KeycloakSession session, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    public Provisioned create(String clientId, String name) {
        if (PartnerOrganizations.listedBy(session, clientId)) {
            // A new client under this client_id would open to that organization's staff: they are not its partner's.
            throw ErrorResponse.error("An organization still lists client_id " + clientId + " (Organizations → "
                    + "Attributes → " + PartnerOrganizations.CLIENT_ATTRIBUTE + "); remove it there first",
                    Response.Status.CONFLICT);
        }
        ClientRepresentation partner = partnerClient(clientId, name);
        partner.setDefaultClientScopes(PartnerClients.defaultScopes(session.getContext().getRealm()));
        ClientModel client = new ClientsResource(session, auth, adminEvent).createClientModel(partner);
        return new Provisioned(client.getId(), client.getClientId(), client.getSecret());
    }

    /**
     * A confidential client with a service account and no browser or password flows; the caller adds the scopes
     * (the realm's defaults and the partner marker).
     */
    static ClientRepresentation partnerClient(String clientId, String name) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setName(name);
        client.setProtocol("openid-connect");
        client.setEnabled(true);
        client.setPublicClient(false);
        client.setBearerOnly(false);
        client.setClientAuthenticatorType("client-secret");
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setFullScopeAllowed(false);
        return client;
    }
}
