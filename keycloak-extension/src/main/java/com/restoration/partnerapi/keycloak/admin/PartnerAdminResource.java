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
import com.restoration.partnerapi.keycloak.credentials.SecretRotation;
import com.restoration.partnerapi.keycloak.metrics.PartnerMetrics;
import com.restoration.partnerapi.keycloak.revocation.TokenRevocation;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Operators' endpoints: rotate a partner's secret, provision a partner. They act on partner clients only. */
public class PartnerAdminResource {

    private static final Logger LOG = Logger.getLogger(PartnerAdminResource.class);

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
        if (!PartnerClients.isPartner(session, realm, client)) {
            // The same answer for a client that does not exist and one that is not a partner: nothing leaks.
            throw new NotFoundException("Partner client not found");
        }
        access.requireRotate(client);

        int gracePeriod = AdminRequests.gracePeriodSeconds(body);
        // Committed in a transaction of its own before we answer: the old secret (and, without a grace period, every
        // token it issued) is dead for everyone the moment the operator holds the new secret.
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String id = client.getId();
        SecretRotation.Rotated rotated = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                own -> SecretRotation.rotate(own.clients().getClientById(own.realms().getRealm(realmId), id), gracePeriod));
        PartnerMetrics.global().secretRotated(realm.getName(), client.getClientId());
        if (gracePeriod == 0) {
            try {
                rotated = rotated.revokedBefore(TokenRevocation.revokeNow(factory, realm, client));
            } catch (RuntimeException e) {
                // The new secret has committed: the operator must get it. Without tokens_revoked_before the answer
                // says the old tokens live on; the log says how to revoke them by hand.
                LOG.errorf(e, "Client %s got a new secret, but its tokens could not be revoked: use the client's "
                        + "Advanced → Revocation → Set to now", client.getClientId());
            }
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
