package com.restoration.partnerapi.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile requests to the orders API through the gateway: each gets a 4xx with a problem-details
 * (or, for tokens, a WWW-Authenticate) answer, never data, a 5xx or a stack trace; the orders table is unchanged.
 */
@ExtendWith(StackExtension.class)
class OrdersBadInputCatalogueIT {

    private static TestStack stack;
    private static OrdersApi api;
    private static Partners.Partner partner;
    private static Partners.Partner other;
    private static String token;
    private static String otherToken;
    private static String orderId;
    private static long ordersBefore;
    private static final List<String> RAN = new ArrayList<>();

    record Case(String name, Function<String, HttpRequest> request, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start(TestStack testStack) throws Exception {
        stack = testStack;
        api = new OrdersApi(testStack);
        partner = Partners.create(testStack.admin(), Partners.uniqueId("cat-orders"));
        other = Partners.create(testStack.admin(), Partners.uniqueId("cat-foreign"));
        token = api.token(partner.clientId(), partner.secret());
        otherToken = api.token(other.clientId(), other.secret());
        orderId = api.create(partner.clientId(), token).json().get("id").asText();
        api.create(other.clientId(), otherToken);
        ordersBefore = countOrders();
    }

    static Stream<Arguments> catalogue() {
        List<Case> cases = new ArrayList<>();
        String orders = "/accounts/%s/orders";
        // Tokens
        cases.add(new Case("no token", base -> get(base, orders(), null), 401));
        cases.add(new Case("empty bearer", base -> raw(base, orders(), "Bearer "), 401));
        cases.add(new Case("malformed token", base -> get(base, orders(), "not.a.jwt"), 401));
        cases.add(new Case("Basic instead of Bearer", base -> raw(base, orders(), "Basic " + b64(partner.clientId() + ":" + partner.secret())), 401));
        cases.add(new Case("broken signature", base -> get(base, orders(), token.substring(0, token.length() - 4) + "AAAA"), 401));
        cases.add(new Case("alg none", base -> get(base, orders(), b64("{\"alg\":\"none\"}") + "." + token.split("\\.")[1] + "."), 401));
        cases.add(new Case("token in query string", base -> get(base, orders() + "?access_token=" + token, null), 401));
        cases.add(new Case("token in a form field", base -> HttpRequest.newBuilder(URI.create(base + orders()))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(body("access_token=" + token)).build(), 401));
        cases.add(new Case("another realm's token", base -> get(base, orders(), stack.admin().tokenManager().getAccessTokenString()), 401));
        cases.add(new Case("foreign partner's token on the list", base -> get(base, orders(), otherToken), 403));
        cases.add(new Case("foreign partner's token on one order", base -> get(base, orders() + "/" + orderId, otherToken), 403));
        cases.add(new Case("foreign partner's token creating", base -> post(base, orders(), otherToken, "application/json", valid()), 403));
        // Paths
        cases.add(new Case("dot-dot to another partner", base -> get(base, "/accounts/" + partner.clientId() + "/orders/../../" + other.clientId() + "/orders", token), 400));
        cases.add(new Case("encoded slash in client id", base -> get(base, "/accounts/" + partner.clientId() + "%2F..%2F" + other.clientId() + "/orders", token), 400));
        cases.add(new Case("encoded dot-dot", base -> get(base, "/accounts/" + partner.clientId() + "/orders/%2e%2e/%2e%2e/" + other.clientId() + "/orders", token), 400));
        cases.add(new Case("order id not a UUID", base -> get(base, orders() + "/not-a-uuid", token), 400));
        cases.add(new Case("order id SQL injection", base -> get(base, orders() + "/1%27%20OR%20%271%27=%271", token), 400));
        cases.add(new Case("unknown order id", base -> get(base, orders() + "/00000000-0000-0000-0000-000000000000", token), 404));
        cases.add(new Case("NUL in order id", base -> get(base, orders() + "/%00", token), 400));
        cases.add(new Case("empty client id", base -> get(base, "/accounts//orders", token), 400));
        cases.add(new Case("matrix parameter", base -> get(base, orders() + ";jsessionid=abc", token), 400));
        cases.add(new Case("10 kB path", base -> get(base, orders() + "/" + "a".repeat(10_000), token), 400));
        cases.add(new Case("unknown sub-path", base -> get(base, orders() + "/" + orderId + "/secrets", token), 404));
        cases.add(new Case("actuator through the gateway", base -> get(base, "/actuator/health", token), 404));
        cases.add(new Case("admin API through the gateway", base -> get(base, "/admin/realms/partners/clients", token), 404));
        cases.add(new Case("realm endpoints through the gateway", base -> get(base, "/realms/partners/protocol/openid-connect/certs", null), 404));
        // Paging
        for (String query : List.of("limit=0", "limit=10000", "limit=-1", "limit=abc", "limit=1.5",
                "cursor=forged", "cursor=" + b64("{\"created_at\":\"2020-01-01T00:00:00Z\",\"id\":\"x\"}"),
                "cursor=%00%00", "status=shipped", "status=%27%20OR%201=1--", "status=RECEIVED%3Bdrop")) {
            cases.add(new Case("list ?" + query, base -> get(base, orders() + "?" + query, token), 400));
        }
        // Bodies
        cases.add(new Case("malformed JSON", base -> post(base, orders(), token, "application/json", "{\"project_id\": "), 400));
        cases.add(new Case("JSON array", base -> post(base, orders(), token, "application/json", "[" + valid() + "]"), 400));
        cases.add(new Case("empty body", base -> post(base, orders(), token, "application/json", ""), 400));
        cases.add(new Case("quantity as string", base -> post(base, orders(), token, "application/json", "{\"project_id\":\"p\",\"quantity\":\"3\"}"), 400));
        cases.add(new Case("quantity fractional", base -> post(base, orders(), token, "application/json", "{\"project_id\":\"p\",\"quantity\":1.5}"), 400));
        cases.add(new Case("quantity zero", base -> post(base, orders(), token, "application/json", "{\"project_id\":\"p\",\"quantity\":0}"), 400));
        cases.add(new Case("quantity negative", base -> post(base, orders(), token, "application/json", "{\"project_id\":\"p\",\"quantity\":-5}"), 400));
        cases.add(new Case("quantity overflow", base -> post(base, orders(), token, "application/json", "{\"project_id\":\"p\",\"quantity\":99999999999999999999}"), 400));
        cases.add(new Case("project_id missing", base -> post(base, orders(), token, "application/json", "{\"quantity\":1}"), 400));
        cases.add(new Case("project_id null", base -> post(base, orders(), token, "application/json", "{\"project_id\":null,\"quantity\":1}"), 400));
        cases.add(new Case("project_id a number", base -> post(base, orders(), token, "application/json", "{\"project_id\":42,\"quantity\":1}"), 400));
        cases.add(new Case("project_id too long", base -> post(base, orders(), token, "application/json", "{\"project_id\":\"" + "p".repeat(5000) + "\",\"quantity\":1}"), 400));
        // PostgreSQL refuses a NUL in text; every control character is refused before the database sees it.
        for (String field : List.of("project_id", "reference")) {
            for (String control : List.of("\\u0000", "\\u0001", "\\u001b", "\\u007f")) {
                cases.add(new Case(field + " with " + control, base -> post(base, orders(), token, "application/json",
                        "{\"project_id\":\"p" + ("project_id".equals(field) ? control : "") + "\",\"quantity\":1,\"reference\":\"r"
                                + ("reference".equals(field) ? control : "") + "\"}"), 400));
            }
        }
        cases.add(new Case("unknown field", base -> post(base, orders(), token, "application/json", "{\"project_id\":\"p\",\"quantity\":1,\"status\":\"completed\"}"), 400));
        cases.add(new Case("client_id smuggled in the body", base -> post(base, orders(), token, "application/json", "{\"project_id\":\"p\",\"quantity\":1,\"client_id\":\"" + other.clientId() + "\"}"), 400));
        cases.add(new Case("injection with a bad quantity", base -> post(base, orders(), token, "application/json", "{\"project_id\":\"'; DROP TABLE orders; --\",\"quantity\":\"x\"}"), 400));
        cases.add(new Case("deeply nested JSON", base -> post(base, orders(), token, "application/json", "[".repeat(5000) + "]".repeat(5000)), 400));
        cases.add(new Case("100 kB body", base -> post(base, orders(), token, "application/json", "{\"project_id\":\"" + "p".repeat(100_000) + "\",\"quantity\":1}"), 413));
        cases.add(new Case("text/plain body", base -> post(base, orders(), token, "text/plain", valid()), 415));
        cases.add(new Case("XML body", base -> post(base, orders(), token, "application/xml", "<order/>"), 415));
        cases.add(new Case("no content type", base -> HttpRequest.newBuilder(URI.create(base + orders()))
                .header("Authorization", "Bearer " + token).POST(body(valid())).build(), 415));
        cases.add(new Case("non-UTF-8 body", base -> HttpRequest.newBuilder(URI.create(base + orders()))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'})).build(), 400));
        cases.add(new Case("PUT on the list", base -> HttpRequest.newBuilder(URI.create(base + orders())).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(body(valid())).build(), 403));
        cases.add(new Case("DELETE an order", base -> HttpRequest.newBuilder(URI.create(base + orders() + "/" + orderId))
                .header("Authorization", "Bearer " + token).DELETE().build(), 403));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void answersWithAClearClientError(Case hostile) {
        Reply reply = stack.partner().send(hostile.request().apply(api.baseUrl()));
        RAN.add(hostile.name());

        assertThat(reply.status()).as("%s: %s", hostile.name(), reply.body()).isEqualTo(hostile.status());
        assertThat(reply.body()).as(hostile.name()).doesNotContain("project_id\":\"proj", "created_at", "Exception", "\tat ", "<html");
        if (reply.status() == 401 || reply.status() == 403) {
            assertThat(reply.header("WWW-Authenticate")).as(hostile.name()).startsWith("Bearer");
        }
        if (!reply.body().isEmpty()) {
            assertThat(reply.header("Content-Type")).as(hostile.name()).contains("json");
            assertThat(reply.json().get("status").asInt()).as(hostile.name()).isEqualTo(reply.status());
            assertThat(reply.json().path("detail").asText()).as(hostile.name()).isNotBlank();
        }
    }

    @AfterAll
    static void storeUnchangedAndServicesHealthy() throws Exception {
        System.out.printf("orders API bad-input catalogue: %d requests%n", RAN.size());
        assertThat(RAN).hasSizeGreaterThanOrEqualTo(40);
        assertThat(countOrders()).isEqualTo(ordersBefore);
        assertThat(api.get("/accounts/" + partner.clientId() + "/orders", token).status()).isEqualTo(200);
        assertThat(stack.partner().send(HttpRequest.newBuilder(URI.create(stack.orders().baseUrl() + "/actuator/health/readiness"))
                .GET().build()).status()).isEqualTo(200);
    }

    private static long countOrders() throws Exception {
        try (Connection db = stack.postgres().connect(stack.orders().database());
             Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT count(*) FROM orders")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String orders() {
        return "/accounts/" + partner.clientId() + "/orders";
    }

    private static String valid() {
        return OrdersApi.order("catalogue", 1);
    }

    private static HttpRequest get(String base, String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request.build();
    }

    private static HttpRequest raw(String base, String path, String authorization) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization).GET().build();
    }

    private static HttpRequest post(String base, String path, String bearer, String contentType, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", contentType).POST(body(json)).build();
    }

    private static HttpRequest.BodyPublisher body(String content) {
        return HttpRequest.BodyPublishers.ofString(content, StandardCharsets.UTF_8);
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
