package com.restoration.partnerapi.keycloak.admin;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.restoration.partnerapi.keycloak.credentials.PartnerClients;
import com.restoration.partnerapi.keycloak.credentials.PartnerProvisioning;
import com.restoration.partnerapi.keycloak.credentials.PartnerStaff;
import com.restoration.partnerapi.keycloak.credentials.SecretRotation;
import com.restoration.partnerapi.keycloak.revocation.CredentialRotation;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Operators' endpoints: rotate a partner's secret, provision a partner. They act on partner clients only. */
public class PartnerAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final OperatorAccess access;

    PartnerAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                         AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.access = new OperatorAccess(realm, auth);
    }

    /**
     * {@code POST clients/{clientId}/rotate-secret} with an optional {@code {"grace_period_seconds": N}}. Without a
     * grace period the old secret fails at once and every token issued before is revoked.
     */
    @POST
    @Path("clients/{clientId}/rotate-secret")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotateSecret(@PathParam("clientId") String clientId, String body) {
        ClientModel client = partnerToManage(clientId);
        int gracePeriod = AdminRequests.gracePeriodSeconds(body);
        SecretRotation.Rotated rotated = CredentialRotation.rotate(session, realm, client, gracePeriod);

        // The event says who rotated what and when; never the secret.
        adminEvent.resource(ResourceType.CLIENT).operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri())
                .representation(Map.of("client_id", client.getClientId(), "grace_period_seconds", gracePeriod))
                .success();
        return Response.ok(rotated).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /**
     * {@code POST partners/{clientId}/staff} with {@code {"email": ..., "first_name": ..., "last_name": ...}}: a member
     * of the partner's staff, who may then see and rotate the partner's credentials in the dashboard. Seeing the
     * secret is what rotating it gives, so it takes the same right.
     */
    @POST
    @Path("partners/{clientId}/staff")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response addStaff(@PathParam("clientId") String clientId, String body) {
        ClientModel client = partnerToManage(clientId);
        AdminRequests.NewStaff request = AdminRequests.newStaff(body);
        PartnerStaff.Added added = PartnerStaff.add(session, realm, client, request.email(), request.firstName(),
                request.lastName());
        adminEvent.resource(ResourceType.ORGANIZATION_MEMBERSHIP).operation(OperationType.CREATE)
                .resourcePath(session.getContext().getUri())
                .representation(Map.of("client_id", client.getClientId(), "organization", added.organization(),
                        "user_id", added.userId()))
                .success();
        return Response.status(Response.Status.CREATED).entity(added).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /**
     * The partner client a caller may rotate (and so give staff to): access checked before the lookup, and the
     * same 404 for a client that does not exist and one that is not a partner, so nothing leaks.
     */
    private ClientModel partnerToManage(String clientId) {
        access.requireAnyAccess();
        ClientModel client = session.clients().getClientByClientId(realm, clientId);
        if (!PartnerClients.isPartner(session, realm, client)) {
            throw new NotFoundException("Partner client not found");
        }
        access.requireRotate(client);
        return client;
    }

    /** {@code POST partners} with {@code {"client_id": ..., "name": ...}}: a partner client, its secret shown once. */
    @POST
    @Path("partners")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createPartner(String body) {
        access.requireAnyAccess();
        AdminRequests.NewPartner request = AdminRequests.newPartner(body);
        PartnerProvisioning.Provisioned created = new PartnerProvisioning(session, access.forProvisioning(), adminEvent)
                .create(request.clientId(), request.name());
        return Response.created(session.getContext().getUri().getBaseUriBuilder()
                        .path("admin/realms/{realm}/clients/{id}").build(realm.getName(), created.id()))
                .entity(created)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
