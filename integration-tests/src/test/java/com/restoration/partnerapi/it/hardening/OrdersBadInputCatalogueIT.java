package com.restoration.partnerapi.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
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
 * Hostile paths and bodies through the gateway, where the answer depends on nginx: nginx normalises a path to pick its
 * location but passes the client's own path on, which orders-service's firewall refuses; or nginx refuses the request
 * itself. Each gets its exact 4xx as a problem, never data, a 5xx or a stack trace, and the orders table is unchanged.
 * The rules orders-service applies alone (tokens, parameters, JSON bodies) are tested in orders-service, against the
 * same service without the gateway (OrdersAuthorizationTest, OrdersApiErrorsTest).
 */
@ExtendWith(StackExtension.class)
class OrdersBadInputCatalogueIT {

    private static TestStack stack;
    private static OrdersApi api;
    private static Partners.Partner partner;
    private static Partners.Partner other;
    private static String token;
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
        api.create(partner.clientId(), token);
        // What a path that escaped to the other partner's account would show.
        api.create(other.clientId(), api.token(other.clientId(), other.secret()));
        ordersBefore = countOrders();
    }

    static Stream<Arguments> catalogue() {
        List<Case> cases = new ArrayList<>();
        // Passed on as sent: orders-service's firewall refuses them.
        cases.add(new Case("dot-dot to another partner", base -> get(base, "/accounts/" + partner.clientId() + "/orders/../../" + other.clientId() + "/orders"), 400));
        cases.add(new Case("encoded dot-dot", base -> get(base, "/accounts/" + partner.clientId() + "/orders/%2e%2e/%2e%2e/" + other.clientId() + "/orders"), 400));
        cases.add(new Case("empty client id", base -> get(base, "/accounts//orders"), 400));
        cases.add(new Case("matrix parameter", base -> get(base, orders() + ";jsessionid=abc"), 400));
        // Refused by nginx itself.
        cases.add(new Case("encoded slash in client id", base -> get(base, "/accounts/" + partner.clientId() + "%2F..%2F" + other.clientId() + "/orders"), 400));
        cases.add(new Case("NUL in order id", base -> get(base, orders() + "/%00"), 400));
        cases.add(new Case("10 kB path", base -> get(base, orders() + "/" + "a".repeat(10_000)), 400));
        cases.add(new Case("100 kB body", base -> HttpRequest.newBuilder(URI.create(base + orders()))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project_id\":\"" + "p".repeat(100_000) + "\",\"quantity\":1}", StandardCharsets.UTF_8))
                .build(), 413));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void answersWithAClearClientError(Case hostile) {
        Reply reply = stack.partner().send(hostile.request().apply(api.baseUrl()));
        RAN.add(hostile.name());

        assertThat(reply.status()).as("%s: %s", hostile.name(), reply.body()).isEqualTo(hostile.status());
        assertThat(reply.body()).as(hostile.name()).doesNotContain("project_id\":\"proj", "created_at", "Exception", "\tat ", "<html");
        assertThat(reply.header("Content-Type")).as(hostile.name()).startsWith("application/problem+json");
        assertThat(reply.json().get("status").asInt()).as(hostile.name()).isEqualTo(reply.status());
        assertThat(reply.json().path("detail").asText()).as(hostile.name()).isNotBlank();
    }

    @AfterAll
    static void storeUnchangedAndServicesHealthy() throws Exception {
        System.out.printf("orders API bad-input catalogue: %d requests%n", RAN.size());
        assertThat(RAN).hasSize((int) catalogue().count());
        assertThat(countOrders()).isEqualTo(ordersBefore);
        assertThat(api.get("/accounts/" + partner.clientId() + "/orders", token).status()).isEqualTo(200);
        assertThat(stack.partner().send(HttpRequest.newBuilder(URI.create(stack.orders().managementUrl() + "/actuator/health/readiness"))
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

    private static HttpRequest get(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build();
    }
}
