package com.restoration.partnerapi.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.PrometheusScrape;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extension's metrics on Keycloak's management port: what a partner's tokens, failures, lockouts and rotations
 * add up to, labelled by client_id; and a client_id a caller merely sends never becomes a label.
 */
@ExtendWith(StackExtension.class)
class KeycloakMetricsIT {

    private static final int UNKNOWN_CLIENT_IDS = 10_000;

    @Test
    void aPartnersTokensFailuresLockoutsAndRotationsAreCountedUnderItsClientId(TestStack stack) {
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("metrics-counted"));
        PartnerClient partner = stack.partner();
        for (int n = 0; n < 3; n++) {
            assertThat(authenticate(partner, acme.clientId(), acme.secret(), "10.61.0.1").status()).isEqualTo(200);
        }
        // Ten wrong secrets from one address begin a lockout; the eleventh is refused by it.
        for (int n = 0; n < 11; n++) {
            authenticate(partner, acme.clientId(), "wrong-" + n, "10.61.0.2");
        }
        Operators operators = new Operators(stack.keycloak(), stack.admin());
        Reply rotated = operators.postJson(operators.rotateSecretUrl(acme.clientId()), operators.adminToken(), "");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);

        PrometheusScrape metrics = PrometheusScrape.of(stack.keycloak().metricsUrl());
        Map<String, String> acmeLabels = Map.of("realm", "partners", "client_id", acme.clientId());
        assertThat(metrics.value("partner_api_tokens_issued_total", acmeLabels)).isEqualTo(3.0);
        assertThat(metrics.value("partner_api_authentication_failures_total", acmeLabels)).isEqualTo(11.0);
        assertThat(metrics.value("partner_api_lockouts_total", acmeLabels)).isEqualTo(1.0);
        assertThat(metrics.value("partner_api_secret_rotations_total", acmeLabels)).isEqualTo(1.0);
        assertThat(metrics.value("partner_api_token_quota_used_ratio",
                Map.of("client_id", acme.clientId(), "window", "hour"))).isPositive();
    }

    @Test
    void tenThousandUnknownClientIdsAddNoSeries(TestStack stack) throws Exception {
        String metricsUrl = stack.keycloak().metricsUrl();
        PrometheusScrape before = PrometheusScrape.of(metricsUrl);
        double unknownBefore = before.value("partner_api_authentication_failures_total", Map.of("client_id", "unknown"));
        String prefix = "guessed-" + Partners.uniqueId("id");

        int refused = guess(stack.partner().authenticateUrl(), prefix, UNKNOWN_CLIENT_IDS);

        PrometheusScrape after = PrometheusScrape.of(metricsUrl);
        System.out.printf("metrics cardinality: %d unknown client_ids (%d refused with 401); series %d before, %d after;"
                        + " partner_api_ series %d before, %d after%n", UNKNOWN_CLIENT_IDS, refused,
                before.series().size(), after.series().size(), partnerSeries(before), partnerSeries(after));
        assertThat(refused).isEqualTo(UNKNOWN_CLIENT_IDS);
        assertThat(after.count(series -> series.labels().values().stream().anyMatch(value -> value.startsWith(prefix))))
                .as("series labelled with a guessed client_id").isZero();
        assertThat(partnerSeries(after) - partnerSeries(before)).as("new partner_api_ series").isLessThanOrEqualTo(1);
        assertThat(after.series().size() - before.series().size()).as("new series of any name").isLessThan(20);
        assertThat(after.value("partner_api_authentication_failures_total", Map.of("client_id", "unknown")) - unknownBefore)
                .as("every guess counted under client_id=\"unknown\"").isEqualTo(UNKNOWN_CLIENT_IDS);
    }

    private static long partnerSeries(PrometheusScrape scrape) {
        return scrape.count(series -> series.name().startsWith("partner_api_"));
    }

    /** Each client_id once, eight requests in flight, straight at Keycloak (the gateway would rate-limit them). */
    private static int guess(String url, String prefix, int count) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Semaphore inFlight = new Semaphore(8);
        AtomicInteger refused = new AtomicInteger();
        List<CompletableFuture<Void>> requests = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(PartnerClient.form("client_id", prefix + "-" + n,
                            "client_secret", "guess", "grant_type", "client_credentials")))
                    .build();
            requests.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> {
                        inFlight.release();
                        if (response != null && response.statusCode() == 401) {
                            refused.incrementAndGet();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
        return refused.get();
    }

    private static Reply authenticate(PartnerClient partner, String clientId, String secret, String address) {
        return partner.postForm(partner.authenticateUrl(), PartnerClient.form("client_id", clientId,
                "client_secret", secret, "grant_type", "client_credentials"), Map.of("X-Forwarded-For", address));
    }
}
