package com.restoration.partnerapi.it.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * A resource server's side of the Shared Signals transmitter, as a test drives it: a client of its own whose service
 * account holds {@code partner-revocations-reader}, its token, and the transmitter's endpoints by their discovered
 * addresses.
 */
public final class SsfReceiver {

    public static final String CREDENTIAL_CHANGE = "https://schemas.openid.net/secevent/caep/event-type/credential-change";
    public static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    public static final String VERIFICATION = "https://schemas.openid.net/secevent/ssf/event-type/verification";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakServer keycloak;
    private final PartnerClient http;
    private final String clientId;
    private final String secret;

    private SsfReceiver(KeycloakServer keycloak, String clientId, String secret) {
        this.keycloak = keycloak;
        this.http = new PartnerClient(keycloak);
        this.clientId = clientId;
        this.secret = secret;
    }

    /** A new receiver client in the partners realm, with the resource servers' role. */
    public static SsfReceiver create(KeycloakServer keycloak, Keycloak admin, String clientId) {
        Partners.Partner client = Partners.createUnmarked(admin, clientId, c -> { });
        RealmResource realm = admin.realm(KeycloakServer.REALM);
        String serviceAccount = realm.clients().get(client.id()).getServiceAccountUser().getId();
        realm.users().get(serviceAccount).roles().realmLevel()
                .add(List.of(realm.roles().get("partner-revocations-reader").toRepresentation()));
        return new SsfReceiver(keycloak, clientId, client.secret());
    }

    /** The same receiver, talking to another Keycloak (a node of the cluster). */
    public SsfReceiver on(KeycloakServer other) {
        return new SsfReceiver(other, clientId, secret);
    }

    /** The jti of each SET in a poll's reply. */
    public static List<String> jtis(PartnerClient.Reply poll) {
        List<String> jtis = new ArrayList<>();
        poll.json().get("sets").fieldNames().forEachRemaining(jtis::add);
        return jtis;
    }

    /** Acknowledges everything queued now. */
    public void drain(String streamId) {
        List<String> ack = List.of();
        for (int i = 0; i < 20; i++) {
            ack = jtis(poll(streamId, ack, true));
            if (ack.isEmpty()) {
                return;
            }
        }
    }

    public String clientId() {
        return clientId;
    }

    /** The client's secret, for a receiver outside this JVM (the independent receiver's script). */
    public String secret() {
        return secret;
    }

    public String token() {
        PartnerClient.Reply token = http.postForm(keycloak.realmUrl() + "/protocol/openid-connect/token",
                PartnerClient.form("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret),
                Map.of());
        if (token.status() != 200) {
            throw new IllegalStateException("No token for " + clientId + ": " + token.body());
        }
        String accessToken = token.json().get("access_token").asText();
        SeenSecrets.add(accessToken);
        return accessToken;
    }

    public JsonNode configuration() {
        return send("GET", keycloak.realmUrl() + "/.well-known/ssf-configuration", null, null).json();
    }

    public String streamsUrl() {
        return keycloak.realmUrl() + "/partner-api/ssf/streams";
    }

    public String statusUrl() {
        return keycloak.realmUrl() + "/partner-api/ssf/status";
    }

    public String verifyUrl() {
        return keycloak.realmUrl() + "/partner-api/ssf/verify";
    }

    public String pollUrl(String streamId) {
        return keycloak.realmUrl() + "/partner-api/ssf/poll/" + streamId;
    }

    /** A stream for every event type; returns its configuration. */
    public JsonNode createStream(String description) {
        PartnerClient.Reply created = send("POST", streamsUrl(), token(), "{\"delivery\":{\"method\":\"urn:ietf:rfc:8936\"},"
                + "\"events_requested\":[\"" + CREDENTIAL_CHANGE + "\",\"" + SESSION_REVOKED + "\",\"" + VERIFICATION + "\"],"
                + "\"description\":\"" + description + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("Stream not created: " + created.status() + " " + created.body());
        }
        return created.json();
    }

    /** One poll (RFC 8936): acknowledges {@code ack}, returns the reply. */
    public PartnerClient.Reply poll(String streamId, List<String> ack, boolean returnImmediately) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ack", ack);
        body.put("returnImmediately", returnImmediately);
        return send("POST", pollUrl(streamId), token(), json(body));
    }

    /** Polls (acknowledging what it got) until a SET about {@code subjectId} of {@code eventType} comes; its claims. */
    public JsonNode awaitEvent(String streamId, String eventType, String subjectId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> ack = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            PartnerClient.Reply reply = poll(streamId, ack, true);
            if (reply.status() != 200) {
                throw new AssertionError("Poll answered " + reply.status() + " " + reply.body());
            }
            ack = new ArrayList<>();
            var sets = reply.json().get("sets").fields();
            while (sets.hasNext()) {
                var set = sets.next();
                ack.add(set.getKey());
                JsonNode claims = claims(set.getValue().asText());
                if (claims.get("events").has(eventType) && subjectId.equals(claims.get("sub_id").path("id").asText())) {
                    poll(streamId, ack, true);
                    return claims;
                }
            }
            sleep();
        }
        throw new AssertionError("No " + eventType + " about " + subjectId + " within " + timeout);
    }

    /** The SET's claims, read without checking the signature (tests that check it use {@link Jwks#verify}). */
    public static JsonNode claims(String set) {
        try {
            String payload = set.split("\\.")[1];
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload));
        } catch (Exception e) {
            throw new AssertionError("Not a JWS: " + e.getMessage(), e);
        }
    }

    public PartnerClient.Reply send(String method, String url, String bearerToken, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return http.send(request.build());
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
