package com.restoration.partnerapi.it.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-partner request limit as a partner meets it through the gateway: RateLimit headers on every orders
 * response that count down, then a 429 problem with Retry-After, another partner untouched. orders-service runs
 * with 5 requests a minute for this test only (the limiter's own rules: orders-service's PartnerRateLimitTest).
 */
@ExtendWith(StackExtension.class)
class OrdersRateLimitIT {

    private static final Pattern REMAINING = Pattern.compile("\"partner\";r=(\\d+);t=(\\d+)");

    @Test
    void ordersResponsesCountDownThenA429ProblemTellsWhenToRetry(TestStack stack) {
        OrdersApi api = new OrdersApi(stack);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("orders-limited"));
        Partner other = Partners.create(stack.admin(), Partners.uniqueId("orders-limited-other"));
        String acmeToken = api.token(acme.clientId(), acme.secret());
        String otherToken = api.token(other.clientId(), other.secret());
        stack.orders().restart(stack.keycloak(), "--orders.rate-limit.requests=5", "--orders.rate-limit.window=60s");
        try {
            for (int n = 1; n <= 5; n++) {
                // A read, and a 404 for an order that does not exist: both count and both say so.
                Reply reply = n % 2 == 1 ? api.get(path(acme), acmeToken) : api.get(path(acme) + "/" + UUID.randomUUID(), acmeToken);
                assertThat(reply.status()).isIn(200, 404);
                assertThat(reply.header("RateLimit-Policy")).isEqualTo("\"partner\";q=5;w=60");
                Matcher left = REMAINING.matcher(reply.header("RateLimit"));
                assertThat(left.matches()).as(reply.header("RateLimit")).isTrue();
                assertThat(Integer.parseInt(left.group(1))).as("left after %d requests", n).isEqualTo(5 - n);
                assertThat(Integer.parseInt(left.group(2))).isBetween(1, 60);
            }

            Reply limited = api.get(path(acme), acmeToken);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
            assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
            assertThat(limited.header("RateLimit")).startsWith("\"partner\";r=0;");
            assertThat(limited.json().path("status").asInt()).isEqualTo(429);

            // Another partner's budget is its own; a refused token spends no one's.
            Reply otherRead = api.get(path(other), otherToken);
            assertThat(otherRead.status()).isEqualTo(200);
            assertThat(otherRead.header("RateLimit")).startsWith("\"partner\";r=4;");
            Reply forged = api.get(path(other), otherToken.substring(0, otherToken.length() - 4) + "AAAA");
            assertThat(forged.status()).isEqualTo(401);
            assertThat(forged.header("RateLimit")).isNull();
            assertThat(api.get(path(other), otherToken).header("RateLimit")).startsWith("\"partner\";r=3;");
        } finally {
            stack.orders().restart(stack.keycloak());
        }
    }

    private static String path(Partner partner) {
        return "/accounts/" + partner.clientId() + "/orders";
    }
}
