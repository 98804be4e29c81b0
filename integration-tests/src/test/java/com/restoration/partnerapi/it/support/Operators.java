package com.restoration.partnerapi.it.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** The operators' side: our admin endpoints over HTTP, and the people and tokens that call them. */
public final class Operators {

    public static final String OPERATOR_ROLE = "partner-credentials-operator";

    private final KeycloakServer keycloak;
    private final Keycloak admin;
    private final PartnerClient http;

    public Operators(TestStack stack) {
        this(stack.keycloak(), stack.admin());
    }

    /** An operator calling one server (one node of a cluster, say) with the given admin client's token. */
    public Operators(KeycloakServer keycloak, Keycloak admin) {
        this.keycloak = keycloak;
        this.admin = admin;
        this.http = new PartnerClient(keycloak);
    }

    public String rotateSecretUrl(String clientId) {
        return keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + "/partner-api/clients/" + clientId + "/rotate-secret";
    }

    public String partnersUrl() {
        return keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + "/partner-api/partners";
    }

    public String staffUrl(String clientId) {
        return partnersUrl() + "/" + clientId + "/staff";
    }

    /** Adds a member of the partner's staff (the partner's organization made on first use); the created user's id. */
    public String addStaff(String clientId, String email) {
        PartnerClient.Reply added = postJson(staffUrl(clientId), adminToken(),
                "{\"email\": \"" + email + "\", \"first_name\": \"Test\", \"last_name\": \"Staff\"}");
        if (added.status() != 201) {
            throw new AssertionError("Adding staff to " + clientId + ": " + added.status() + " " + added.body());
        }
        return added.json().get("user_id").asText();
    }

    public String revocationsUrl() {
        return keycloak.realmUrl() + "/partner-api/revocations";
    }

    /**
     * The revocation feed as orders-service reads it: with a token of the orders-service client, whose service
     * account holds the feed's role.
     */
    public PartnerClient.Reply revocations() {
        return getWithToken(revocationsUrl(), feedReaderToken());
    }

    /** A token of the orders-service client (client credentials at Keycloak's standard token endpoint). */
    public String feedReaderToken() {
        PartnerClient.Reply token = http.postForm(keycloak.realmUrl() + "/protocol/openid-connect/token",
                PartnerClient.form("grant_type", "client_credentials", "client_id", "orders-service",
                        "client_secret", keycloak.ordersServiceSecret()), Map.of());
        if (token.status() != 200) {
            throw new IllegalStateException("No token for orders-service: " + token.body());
        }
        String accessToken = token.json().get("access_token").asText();
        SeenSecrets.add(accessToken);
        return accessToken;
    }

    public PartnerClient.Reply getWithToken(String url, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return http.send(request.build());
    }

    /** The master realm admin's current access token. */
    public String adminToken() {
        String token = admin.tokenManager().getAccessTokenString();
        SeenSecrets.add(token);
        return token;
    }

    public PartnerClient.Reply postJson(String url, String bearerToken, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return http.send(request.build());
    }

    public PartnerClient.Reply get(String url) {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** A person of the partners realm with the given realm roles, and their token from the realm's admin-cli. */
    public String userToken(String username, List<String> realmRoles) {
        RealmResource realm = admin.realm(KeycloakServer.REALM);
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@operators.example");
        user.setEmailVerified(true);
        user.setFirstName("Op");
        user.setLastName(username);
        user.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue("pw-" + username);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        String id;
        try (Response created = realm.users().create(user)) {
            id = AdminApi.createdId(created, "Creating user " + username);
        }
        if (!realmRoles.isEmpty()) {
            realm.users().get(id).roles().realmLevel().add(realmRoles.stream()
                    .map(role -> realm.roles().get(role).toRepresentation()).toList());
        }
        PartnerClient.Reply token = http.postForm(keycloak.realmUrl() + "/protocol/openid-connect/token",
                PartnerClient.form("grant_type", "password", "client_id", "admin-cli",
                        "username", username, "password", "pw-" + username), Map.of());
        if (token.status() != 200) {
            throw new IllegalStateException("No token for " + username + ": " + token.body());
        }
        return token.json().get("access_token").asText();
    }

    /** A partner's own access token from /authenticate. */
    public String partnerToken(String clientId, String secret) {
        PartnerClient.Reply reply = http.authenticate("client_id", clientId, "client_secret", secret,
                "grant_type", "client_credentials");
        if (reply.status() != 200) {
            throw new IllegalStateException("No token for " + clientId + ": " + reply.body());
        }
        return reply.json().get("access_token").asText();
    }
}
