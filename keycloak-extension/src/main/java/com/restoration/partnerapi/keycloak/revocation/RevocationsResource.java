package com.restoration.partnerapi.keycloak.revocation;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.keycloak.jose.jws.crypto.HashUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * {@code GET /realms/{realm}/partner-api/revocations}: the not-before times resource servers enforce.
 *
 * <p>A token whose {@code iat} is before its client's time (or the realm's) is revoked. Only for resource servers:
 * the caller presents a token of this realm whose subject holds the realm role
 * {@code partner-revocations-reader} (orders-service's service account does). The document comes
 * from the {@link RevocationLog} (realm attributes, cached), never from a walk over the realm's clients, and
 * carries an {@code ETag}: a poll with {@code If-None-Match} that finds nothing new is a {@code 304} without a body.
 */
public class RevocationsResource {

    private final KeycloakSession session;

    public RevocationsResource(KeycloakSession session) {
        this.session = session;
    }

    /** The published document: seconds since the epoch. */
    public record Revocations(@JsonProperty("realm_not_before") int realmNotBefore,
                              @JsonProperty("clients") Map<String, Integer> clients) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        RealmModel realm = session.getContext().getRealm();
        try {
            ResourceServerCaller.authenticate(session, realm);
        } catch (ResourceServerCaller.Refused refused) {
            return refused.response();
        }

        byte[] body = serialize(new Revocations(realm.getNotBefore(), RevocationLog.entries(realm)));
        String etag = digest(body);
        Response.ResponseBuilder response = matches(session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.IF_NONE_MATCH), etag)
                ? Response.notModified()
                : Response.ok(body, MediaType.APPLICATION_JSON_TYPE);
        return response.tag(new EntityTag(etag)).header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    /** RFC 9110 §13.1.2: a list of tags, weak or strong, or {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals("\"" + etag + "\"")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] serialize(Revocations revocations) {
        try {
            return JsonSerialization.mapper.writeValueAsString(revocations).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings to numbers always serializes", e);
        }
    }

    private static String digest(byte[] body) {
        return HexFormat.of().formatHex(HashUtils.hash("SHA-256", body), 0, 16);
    }
}
