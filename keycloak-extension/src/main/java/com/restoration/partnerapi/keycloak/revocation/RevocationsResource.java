package com.restoration.partnerapi.keycloak.revocation;

import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code GET /realms/{realm}/partner-api/revocations}: the not-before times resource servers enforce.
 *
 * <p>A token whose {@code iat} is before its client's time (or the realm's) is revoked. Like the realm's JWKS
 * this is public, non-secret data for resource servers to poll; the gateway does not route it to partners.
 */
public class RevocationsResource {

    private final KeycloakSession session;

    public RevocationsResource(KeycloakSession session) {
        this.session = session;
    }

    /** The published document: seconds since the epoch; clients that never revoked anything are left out. */
    public record Revocations(@JsonProperty("realm_not_before") int realmNotBefore,
                              @JsonProperty("clients") Map<String, Integer> clients) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        RealmModel realm = session.getContext().getRealm();
        Map<String, Integer> clients = new TreeMap<>();
        session.clients().getClientsStream(realm)
                .filter(client -> client.getNotBefore() > 0)
                .forEach(client -> clients.put(client.getClientId(), client.getNotBefore()));
        return Response.ok(new Revocations(realm.getNotBefore(), clients))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

}
