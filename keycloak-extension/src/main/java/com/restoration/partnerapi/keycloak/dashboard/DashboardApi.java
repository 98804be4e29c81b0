package com.restoration.partnerapi.keycloak.dashboard;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.restoration.partnerapi.keycloak.admin.AdminRequests;
import com.restoration.partnerapi.keycloak.credentials.PartnerOrganizations;
import com.restoration.partnerapi.keycloak.credentials.SecretRotation;
import com.restoration.partnerapi.keycloak.revocation.CredentialRotation;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * {@code /realms/{realm}/partner-api/dashboard/api}: what a partner's staff member may see and do, for the clients
 * of the partner (organization) they belong to and no others. A client_id that is not one of theirs is a 404,
 * whether it exists or not. Every reveal and rotation is an admin event (who, which client, when; never the secret).
 */
public class DashboardApi {

    private final KeycloakSession session;
    private final RealmModel realm;

    DashboardApi(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Partner(@JsonProperty("alias") String alias, @JsonProperty("name") String name) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Overview(@JsonProperty("user") String user, @JsonProperty("partner") Partner partner,
                    @JsonProperty("clients") List<ClientCard> clients) {
    }

    record Revealed(@JsonProperty("client_id") String clientId, @JsonProperty("client_secret") String clientSecret) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Rotated(@JsonProperty("client_id") String clientId,
                   @JsonProperty("client_secret") String clientSecret,
                   @JsonProperty("rotated_at") String rotatedAt,
                   @JsonProperty("grace_period_seconds") int gracePeriodSeconds,
                   @JsonProperty("old_secret_valid_until") String oldSecretValidUntil,
                   @JsonProperty("tokens_revoked_before") String tokensRevokedBefore) {
    }

    @GET
    @Path("clients")
    @Produces(MediaType.APPLICATION_JSON)
    public Response clients() {
        StaffMember member = StaffMember.authenticate(session);
        List<OrganizationModel> organizations = PartnerOrganizations.organizationsOf(session, member.user());
        Partner partner = organizations.isEmpty() ? null
                : new Partner(organizations.get(0).getAlias(), organizations.get(0).getName());
        List<ClientCard> cards = PartnerOrganizations.clientsOf(session, realm, member.user()).stream()
                .map(client -> ClientCard.of(session, realm, client))
                .toList();
        String who = member.user().getEmail() != null ? member.user().getEmail() : member.user().getUsername();
        return noStore(Response.ok(new Overview(who, partner, cards)));
    }

    @POST
    @Path("clients/{clientId}/reveal")
    @Produces(MediaType.APPLICATION_JSON)
    public Response reveal(@PathParam("clientId") String clientId) {
        StaffMember member = StaffMember.authenticate(session);
        ClientModel client = ownClient(member, clientId);
        member.requireRecentLogin();
        event(member, client, "reveal-secret", Map.of());
        return noStore(Response.ok(new Revealed(client.getClientId(), client.getSecret())));
    }

    @POST
    @Path("clients/{clientId}/rotate")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotate(@PathParam("clientId") String clientId, String body) {
        StaffMember member = StaffMember.authenticate(session);
        ClientModel client = ownClient(member, clientId);
        int gracePeriod = AdminRequests.gracePeriodSeconds(body);
        member.requireRecentLogin();
        SecretRotation.Rotated rotated = CredentialRotation.rotate(session, realm, client, gracePeriod);
        event(member, client, "rotate-secret", Map.of("grace_period_seconds", String.valueOf(gracePeriod)));
        return noStore(Response.ok(new Rotated(rotated.clientId(), rotated.clientSecret(), rotated.rotatedAt(),
                gracePeriod, rotated.previousSecretExpiresAt(), rotated.tokensRevokedBefore())));
    }

    /** One of the member's partner's clients, or a 404 that says nothing about whether the client_id exists. */
    private ClientModel ownClient(StaffMember member, String clientId) {
        return PartnerOrganizations.clientsOf(session, realm, member.user()).stream()
                .filter(client -> client.getClientId().equals(clientId))
                .findFirst()
                .orElseThrow(() -> new ErrorResponseException(noStore(Response.status(Response.Status.NOT_FOUND)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new OAuth2ErrorRepresentation("not_found", "No such client among your partner's")))));
    }

    /**
     * An admin event, where operators already read who changed which client: the member as the actor (through the
     * dashboard's client), the client's path and the action; no representation, so never the secret.
     */
    private void event(StaffMember member, ClientModel client, String action, Map<String, String> details) {
        ClientModel dashboard = realm.getClientByClientId(DashboardSettings.CLIENT_ID);
        AdminEventBuilder event = new AdminEventBuilder(realm, new AdminAuth(realm, member.token(), member.user(), dashboard),
                session, session.getContext().getConnection())
                .resource(ResourceType.CLIENT).operation(OperationType.ACTION)
                .resourcePath("clients", client.getId(), "dashboard", action)
                .detail("client_id", client.getClientId());
        details.forEach(event::detail);
        event.success();
    }

    private static Response noStore(Response.ResponseBuilder response) {
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache").build();
    }
}
