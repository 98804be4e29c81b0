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

import com.restoration.partnerapi.keycloak.credentials.PartnerProvisioning;
import com.restoration.partnerapi.keycloak.credentials.SecretRotation;
import com.restoration.partnerapi.keycloak.revocation.TokenRevocation;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Operators' endpoints: rotate a partner's secret, provision a partner. */
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
        access.requireAnyAccess();
        ClientModel client = session.clients().getClientByClientId(realm, clientId);
        if (client == null) {
            throw new NotFoundException("Client not found");
        }
        access.requireRotate(client);

        int gracePeriod = AdminRequests.gracePeriodSeconds(body);
        // Committed in a transaction of its own before we answer: the old secret and the tokens it issued are
        // revoked for everyone the moment the operator holds the new secret.
        String realmId = realm.getId();
        String id = client.getId();
        SecretRotation.Rotated rotated = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                own -> SecretRotation.rotate(own.clients().getClientById(own.realms().getRealm(realmId), id), gracePeriod));
        int notBefore = rotated.tokensNotBefore();
        while (notBefore > 0 && Time.currentTime() >= notBefore) {
            // The commit ended in the not-before second itself: the old secret may have issued a token in it.
            notBefore = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                    own -> TokenRevocation.revokeTokensIssuedUntilNow(own.clients().getClientById(own.realms().getRealm(realmId), id)));
        }
        if (notBefore > 0) {
            TokenRevocation.awaitInForce(notBefore);
        }

        // The event says who rotated what and when; never the secret.
        adminEvent.resource(ResourceType.CLIENT).operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri())
                .representation(Map.of("client_id", client.getClientId(), "grace_period_seconds", gracePeriod))
                .success();
        return Response.ok(rotated).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** {@code POST partners} with {@code {"client_id": ..., "name": ...}}: a partner client, its secret shown once. */
    @POST
    @Path("partners")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createPartner(String body) {
        AdminRequests.NewPartner request = AdminRequests.newPartner(body);
        PartnerProvisioning.Provisioned created = new PartnerProvisioning(session, auth, adminEvent).create(request.clientId(), request.name());
        return Response.created(session.getContext().getUri().getBaseUriBuilder()
                        .path("admin/realms/{realm}/clients/{id}").build(realm.getName(), created.id()))
                .entity(created)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
