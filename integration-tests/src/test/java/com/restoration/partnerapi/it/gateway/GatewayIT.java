package com.restoration.partnerapi.it.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.NginxGateway;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * The partners' BASE_URL: only the partner API is reachable through it, its per-address limits, and a stopped upstream
 * is a JSON 503.
 */
@ExtendWith(StackExtension.class)
@Order(Integer.MAX_VALUE - 2)
class GatewayIT {

    @Test
    void onlyThePartnerApiIsReachableThroughTheBaseUrl(TestStack stack) {
        String base = stack.gateway().baseUrl();
        for (String path : List.of("/admin/master/console/", "/admin/realms/partners/clients", "/realms/partners",
                "/realms/partners/protocol/openid-connect/token", "/realms/partners/protocol/openid-connect/certs",
                "/realms/partners/partner-api/revocations",
                "/realms/master/.well-known/openid-configuration", "/actuator/health", "/v3/api-docs", "/", "/authenticate/x",
                "/resources/x", "/health/ready", "/metrics")) {
            Reply reply = stack.partner().send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.header("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(reply.json().get("status").asInt()).as(path).isEqualTo(404);
        }
    }

    @Test
    void passesTheRealClientAddressOnAndIgnoresOneTheClientMadeUp(TestStack stack) {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("via-gateway"));

        Reply reply = stack.partner().postForm(stack.gateway().baseUrl() + "/authenticate",
                PartnerClient.form("client_id", partner.clientId(), "client_secret", "wrong", "grant_type", "client_credentials"),
                Map.of("X-Forwarded-For", "10.99.99.99"));

        assertThat(reply.status()).isEqualTo(401);
        List<EventRepresentation> events = stack.admin().realm(KeycloakServer.REALM)
                .getEvents(List.of("CLIENT_LOGIN_ERROR"), partner.clientId(), null, null, null, null, 0, 10);
        assertThat(events).hasSize(1);
        // The address Keycloak records (and brute-force protection counts) is the real peer, not the header's claim.
        assertThat(events.get(0).getIpAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void tokenRequestsArePerAddressRateLimitedWithAJson429(TestStack stack) {
        // The deployment's template with a small limit (the run's own gateway allows far more: every test calls from
        // 127.0.0.1). Wrong secrets, so nothing is issued and no lockout is near: 8 requests, 2 more than the burst.
        String unknown = Partners.uniqueId("rate-limited");
        try (NginxGateway limited = NginxGateway.startRateLimited(stack.keycloak().port(), 1, "1r/m", 5)) {
            List<Reply> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(stack.partner().postForm(limited.baseUrl() + "/authenticate",
                        PartnerClient.form("client_id", unknown + "-" + i, "client_secret", "x", "grant_type", "client_credentials"),
                        Map.of()));
            }

            assertThat(replies.subList(0, 6)).extracting(Reply::status).containsOnly(401);
            for (Reply limitedReply : replies.subList(6, 8)) {
                assertThat(limitedReply.status()).isEqualTo(429);
                assertThat(limitedReply.header("Content-Type")).startsWith("application/json");
                assertThat(limitedReply.header("Retry-After")).isEqualTo("1");
                assertThat(limitedReply.header("Cache-Control")).isEqualTo("no-store");
                assertThat(limitedReply.json().get("error").asText()).isEqualTo("too_many_requests");
            }
        }
    }

    @Test
    void refusedTokensArePerAddressHeldBackAndConcurrentRequestsCapped(TestStack stack) throws Exception {
        // The deployment's template with small limits: 1 refused token a second, 3 waiting, 4 requests at once.
        OrdersApi ownGateway = new OrdersApi(stack);
        String token = ownGateway.token("demo-partner", stack.keycloak().demoPartnerSecret());
        String orders = "/accounts/demo-partner/orders";
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "Zm9yZ2Vk";
        try (NginxGateway limited = NginxGateway.startOrdersLimited(stack.keycloak().port(), stack.orders().port(),
                "1r/s", 3, 4)) {
            // A refused token: orders-service's challenge, the gateway's problem body.
            Reply refused = get(stack, limited, orders, forged);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
            assertThat(refused.json().get("status").asInt()).isEqualTo(401);

            // Beyond the rate each further refusal waits its turn, one a second.
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertThat(get(stack, limited, orders, forged).status()).isEqualTo(401);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("three refusals beyond the rate")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1_800));

            // A valid token from the same address is neither counted nor held.
            for (int i = 0; i < 10; i++) {
                assertThat(get(stack, limited, orders, token).status()).isEqualTo(200);
            }

            // More requests at once than the cap: the rest are refused by nginx alone, as a problem with Retry-After.
            ExecutorService pool = Executors.newFixedThreadPool(12);
            try {
                List<Future<Reply>> flood = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    flood.add(pool.submit(() -> get(stack, limited, orders, forged)));
                }
                List<Reply> replies = new ArrayList<>();
                for (Future<Reply> reply : flood) {
                    replies.add(reply.get(60, TimeUnit.SECONDS));
                }
                assertThat(replies).extracting(Reply::status).containsOnly(401, 429).contains(429);
                Reply tooMany = replies.stream().filter(reply -> reply.status() == 429).findFirst().orElseThrow();
                assertThat(tooMany.header("Content-Type")).startsWith("application/problem+json");
                assertThat(tooMany.header("Retry-After")).isEqualTo("1");
                assertThat(tooMany.json().get("status").asInt()).isEqualTo(429);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Reply get(TestStack stack, NginxGateway gateway, String path, String token) {
        return stack.partner().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    @Test
    void aStoppedOrdersServiceIsAJson503AndTheGatewayRecoversWithIt(TestStack stack) {
        OrdersApi api = new OrdersApi(stack);
        String token = api.token("demo-partner", stack.keycloak().demoPartnerSecret());
        stack.orders().stop();
        try {
            Reply down = api.get("/accounts/demo-partner/orders", token);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.header("Content-Type")).startsWith("application/problem+json");
            assertThat(down.header("Retry-After")).isEqualTo("5");
            assertThat(down.json().get("detail").asText()).contains("unavailable");
        } finally {
            stack.orders().restart(stack.keycloak());
        }
        assertThat(api.get("/accounts/demo-partner/orders", token).status()).isEqualTo(200);
    }
}
