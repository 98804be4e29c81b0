package com.restoration.partnerapi.it.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * New credentials render the old ones invalid, and what the old secret issued too: orders-service refuses those
 * tokens within 10 s, without asking Keycloak per request, and keeps serving while Keycloak is down. It stops and
 * restarts the servers, so it runs after the other classes (only the log check comes later).
 */
@ExtendWith(StackExtension.class)
@Order(Integer.MAX_VALUE - 1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenRevocationIT {

    private static final Duration PROMISE = Duration.ofSeconds(10);

    @Test
    @Order(1)
    void rotationRevokesTokensIssuedBeforeItWithinTenSeconds(TestStack stack) {
        OrdersApi api = new OrdersApi(stack);
        Operators operators = new Operators(stack);
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("rotated"));
        String before = api.token(partner.clientId(), partner.secret());
        assertThat(ordersStatus(api, partner, before)).isEqualTo(200);

        Reply rotated = operators.postJson(operators.rotateSecretUrl(partner.clientId()), operators.adminToken(), "");
        Instant rotatedAt = Instant.now();
        String newSecret = rotated.json().get("client_secret").asText();

        assertThat(stack.partner().authenticate("client_id", partner.clientId(), "client_secret", partner.secret(),
                "grant_type", "client_credentials").json().get("error").asText()).isEqualTo("invalid_client");
        String after = api.token(partner.clientId(), newSecret);
        Duration refusedAfter = awaitRefused(api, partner, before);
        System.out.printf("revocation after rotation: old token refused after %d ms%n", refusedAfter.toMillis());
        assertThat(refusedAfter).isLessThanOrEqualTo(PROMISE);
        Reply refused = api.get("/accounts/" + partner.clientId() + "/orders", before);
        assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(ordersStatus(api, partner, after)).isEqualTo(200);
        assertThat(Duration.between(rotatedAt, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @Order(2)
    void regenerateThroughKeycloaksStandardAdminApiRevokesTheSameWay(TestStack stack) {
        OrdersApi api = new OrdersApi(stack);
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("regenerated"));
        String before = api.token(partner.clientId(), partner.secret());
        assertThat(ordersStatus(api, partner, before)).isEqualTo(200);

        String newSecret = stack.admin().realm(KeycloakServer.REALM).clients().get(partner.id()).generateNewSecret().getValue();
        com.restoration.partnerapi.it.support.SeenSecrets.add(newSecret);

        Duration refusedAfter = awaitRefused(api, partner, before);
        System.out.printf("revocation after Regenerate: old token refused after %d ms%n", refusedAfter.toMillis());
        assertThat(refusedAfter).isLessThanOrEqualTo(PROMISE);
        assertThat(ordersStatus(api, partner, api.token(partner.clientId(), newSecret))).isEqualTo(200);
    }

    @Test
    @Order(3)
    void whileKeycloakIsStoppedValidTokensWorkAndRevokedOnesStayRefusedAcrossRestarts(TestStack stack) {
        OrdersApi api = new OrdersApi(stack);
        Operators operators = new Operators(stack);
        Partners.Partner kept = Partners.create(stack.admin(), Partners.uniqueId("kept"));
        Partners.Partner revoked = Partners.create(stack.admin(), Partners.uniqueId("revoked"));
        String valid = api.token(kept.clientId(), kept.secret());
        String revokedToken = api.token(revoked.clientId(), revoked.secret());
        operators.postJson(operators.rotateSecretUrl(revoked.clientId()), operators.adminToken(), "");
        awaitRefused(api, revoked, revokedToken);

        stack.keycloak().stop();
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(ordersStatus(api, kept, valid)).as("valid token while Keycloak is down").isEqualTo(200);
                assertThat(ordersStatus(api, revoked, revokedToken)).as("revoked token while Keycloak is down").isEqualTo(401);
            }
            assertThat(stack.partner().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(stack.gateway().baseUrl() + "/authenticate")).POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                    .header("Content-Type", "application/x-www-form-urlencoded").build()).status())
                    .as("the gateway answers for a stopped Keycloak").isEqualTo(503);
        } finally {
            stack.keycloak().restart();
        }
        // orders-service restarted while it cannot read revocations: what it stored still holds.
        stack.orders().restart(stack.keycloak(), "--orders.revocation.uri=http://127.0.0.1:9/unreachable");
        try {
            assertThat(ordersStatus(api, kept, valid)).isEqualTo(200);
            assertThat(ordersStatus(api, revoked, revokedToken)).isEqualTo(401);
        } finally {
            stack.orders().restart(stack.keycloak());
        }
        // And Keycloak kept the revocation across its restart.
        assertThat(operators.revocations().json().get("clients").has(revoked.clientId())).isTrue();
        assertThat(ordersStatus(api, revoked, revokedToken)).isEqualTo(401);
    }

    private static int ordersStatus(OrdersApi api, Partners.Partner partner, String token) {
        return api.listStatus(partner.clientId(), token);
    }

    /** How long until the token is refused; 30 s (beyond the promise) when it never is. */
    private static Duration awaitRefused(OrdersApi api, Partners.Partner partner, String token) {
        return api.awaitRefused(partner.clientId(), token, Duration.ofSeconds(30)).orElse(Duration.ofSeconds(30));
    }
}
