package com.restoration.partnerapi.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.PrometheusScrape;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import com.restoration.partnerapi.it.support.TokenQuotas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alert rules (monitoring/prometheus) and the Grafana dashboard (monitoring/grafana) name only metrics that
 * Keycloak and orders-service really expose: promtool checks the rules' syntax and logic, not that the names exist.
 * Every event a metric counts is made to happen once, then both management ports are scraped.
 */
@ExtendWith(StackExtension.class)
class MonitoringRulesIT {

    /** A metric name, not a recording rule's (those hold colons). */
    private static final Pattern METRIC = Pattern.compile(
            "(?<![:\\w])(partner_api_\\w+|orders_\\w+|hikaricp_\\w+|http_server_requests_seconds_\\w+)(?![:\\w])");

    @Test
    void everyMetricTheRulesAndTheDashboardNameIsExposed(TestStack stack) throws IOException {
        Set<String> named = new TreeSet<>();
        for (String file : new String[] {"monitoring/prometheus/partner-api-rules.yml", "monitoring/grafana/partner-api-dashboard.json"}) {
            Matcher metric = METRIC.matcher(Files.readString(repositoryRoot().resolve(file)));
            while (metric.find()) {
                named.add(metric.group(1));
            }
        }
        assertThat(named).as("metric names in the rules and the dashboard").hasSizeGreaterThan(10);

        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("monitoring"));
        PrometheusScrape orders = ordersAfterA429(stack, acme);
        keycloakEventsOnce(stack, acme);

        Set<String> exposed = new TreeSet<>();
        PrometheusScrape.of(stack.keycloak().metricsUrl()).series().forEach(series -> exposed.add(series.name()));
        orders.series().forEach(series -> exposed.add(series.name()));
        assertThat(exposed).as("metrics exposed by Keycloak and orders-service").containsAll(named);
    }

    /** Tokens, a quota overrun (monitor mode), failed authentications, a lockout, a rotation. */
    private static void keycloakEventsOnce(TestStack stack, Partner acme) {
        TokenQuotas.override(stack.admin(), acme.id(), 1L, null, "monitor");
        PartnerClient partner = stack.partner();
        for (int n = 0; n < 2; n++) {
            assertThat(partner.authenticate("client_id", acme.clientId(), "client_secret", acme.secret(),
                    "grant_type", "client_credentials").status()).isEqualTo(200);
        }
        for (int n = 0; n < 10; n++) {
            partner.postForm(partner.authenticateUrl(), PartnerClient.form("client_id", acme.clientId(),
                    "client_secret", "wrong-" + n, "grant_type", "client_credentials"), Map.of("X-Forwarded-For", "10.62.0.1"));
        }
        Operators operators = new Operators(stack);
        assertThat(operators.postJson(operators.rotateSecretUrl(acme.clientId()), operators.adminToken(), "").status())
                .isEqualTo(200);
    }

    /**
     * Reads and a per-partner 429 at an orders-service limited to one request a minute, scraped before it is
     * restarted with the usual limit (its counters live in that process).
     */
    private static PrometheusScrape ordersAfterA429(TestStack stack, Partner acme) {
        OrdersApi api = new OrdersApi(stack);
        String token = api.token(acme.clientId(), acme.secret());
        stack.orders().restart(stack.keycloak(), "--orders.rate-limit.requests=1", "--orders.rate-limit.window=60s");
        try {
            api.get("/accounts/" + acme.clientId() + "/orders", token);
            assertThat(api.get("/accounts/" + acme.clientId() + "/orders", token).status()).isEqualTo(429);
            return PrometheusScrape.of(stack.orders().managementUrl() + "/actuator/prometheus");
        } finally {
            stack.orders().restart(stack.keycloak());
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("monitoring/prometheus/partner-api-rules.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No monitoring/ above " + Path.of("").toAbsolutePath());
    }
}
