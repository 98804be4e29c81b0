package com.restoration.partnerapi.it.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.PrometheusScrape;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import com.restoration.partnerapi.it.support.TokenQuotas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Token quotas on one node: the RateLimit headers a partner sees count down, a partner over its quota gets 429
 * with Retry-After on /authenticate and Keycloak's own token endpoint alike, monitor mode only counts, and neither
 * another partner nor a guesser without the secret is touched by it. Across nodes: QuotaAcrossNodesIT.
 */
@ExtendWith(StackExtension.class)
class TokenQuotaIT {

    private static final Pattern RATE_LIMIT = Pattern.compile(
            "\"hour\";r=(\\d+);t=(\\d+), \"day\";r=(\\d+);t=(\\d+)");

    @Test
    void aPartnersTokenResponsesCarryItsQuotaAndWhatIsLeftOfIt(TestStack stack) {
        long hourLeft = TokenQuotas.awayFromTheHoursEnd(60);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("quota-headers"));
        TokenQuotas.override(stack.admin(), acme.id(), 5L, 8L, null);

        for (int n = 1; n <= 3; n++) {
            Reply token = authenticate(stack.partner(), acme.clientId(), acme.secret());
            assertThat(token.status()).as(token.body()).isEqualTo(200);
            assertThat(token.header("RateLimit-Policy")).isEqualTo("\"hour\";q=5;w=3600, \"day\";q=8;w=86400");
            Matcher left = RATE_LIMIT.matcher(token.header("RateLimit"));
            assertThat(left.matches()).as(token.header("RateLimit")).isTrue();
            assertThat(Long.parseLong(left.group(1))).as("tokens left this hour after %d", n).isEqualTo(5 - n);
            assertThat(Long.parseLong(left.group(3))).as("tokens left today after %d", n).isEqualTo(8 - n);
            assertThat(Long.parseLong(left.group(2))).as("seconds until the hour ends").isBetween(1L, hourLeft);
            assertThat(Long.parseLong(left.group(4))).as("seconds until the day ends").isBetween(1L, 86_400L);
        }
    }

    @Test
    void aPartnerWithoutItsOwnQuotaHasTheRealmsDefault(TestStack stack) {
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("quota-default"));

        Reply token = authenticate(stack.partner(), acme.clientId(), acme.secret());

        assertThat(token.status()).isEqualTo(200);
        assertThat(token.header("RateLimit-Policy")).isEqualTo("\"hour\";q=%d;w=3600, \"day\";q=%d;w=86400",
                TokenQuotas.TEST_PER_HOUR, TokenQuotas.TEST_PER_DAY);
    }

    @Test
    void overItsQuotaAPartnerGets429AndRetryAfterOnEveryTokenEndpoint(TestStack stack) {
        long hourLeft = TokenQuotas.awayFromTheHoursEnd(60);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("quota-over"));
        Partner other = Partners.create(stack.admin(), Partners.uniqueId("quota-other"));
        TokenQuotas.override(stack.admin(), acme.id(), 3L, null, null);
        TokenQuotas.override(stack.admin(), other.id(), 3L, null, null);
        PartnerClient partner = stack.partner();
        for (int n = 0; n < 3; n++) {
            assertThat(authenticate(partner, acme.clientId(), acme.secret()).status()).isEqualTo(200);
        }

        Reply refused = authenticate(partner, acme.clientId(), acme.secret());
        Reply standard = partner.postForm(partner.standardTokenUrl(), PartnerClient.form("client_id", acme.clientId(),
                "client_secret", acme.secret(), "grant_type", "client_credentials"), Map.of());

        for (Reply over : new Reply[] {refused, standard}) {
            assertThat(over.status()).as(over.body()).isEqualTo(429);
            assertThat(over.json().path("error").asText()).isEqualTo("too_many_requests");
            assertThat(over.json().has("access_token")).isFalse();
            long retryAfter = Long.parseLong(over.header("Retry-After"));
            assertThat(retryAfter).as("until the hour ends").isBetween(hourLeft - 120, hourLeft);
            assertThat(over.header("RateLimit")).startsWith("\"hour\";r=0;t=");
        }
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
        assertThat(refused.body()).doesNotContain(acme.secret());

        // Another partner's quota is its own.
        assertThat(authenticate(partner, other.clientId(), other.secret()).status()).isEqualTo(200);
        // Without the secret, a caller neither spends nor learns the quota: the usual 401, no RateLimit headers.
        Reply guess = authenticate(partner, acme.clientId(), "not-the-secret");
        assertThat(guess.status()).isEqualTo(401);
        assertThat(guess.header("RateLimit")).isNull();
        assertThat(guess.header("RateLimit-Policy")).isNull();
    }

    @Test
    void monitorModeIssuesTokensOverTheQuotaAndCountsThem(TestStack stack) {
        TokenQuotas.awayFromTheHoursEnd(60);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("quota-monitor"));
        TokenQuotas.override(stack.admin(), acme.id(), 2L, null, "monitor");

        for (int n = 1; n <= 4; n++) {
            Reply token = authenticate(stack.partner(), acme.clientId(), acme.secret());
            assertThat(token.status()).as("token %d", n).isEqualTo(200);
            assertThat(token.header("RateLimit")).startsWith("\"hour\";r=" + Math.max(0, 2 - n) + ";t=");
        }

        PrometheusScrape metrics = PrometheusScrape.of(stack.keycloak().metricsUrl());
        Map<String, String> labels = Map.of("realm", "partners", "client_id", acme.clientId());
        assertThat(metrics.value("partner_api_quota_exceeded_total", Map.of("realm", "partners",
                "client_id", acme.clientId(), "mode", "monitor"))).as("tokens 3 and 4 counted").isEqualTo(2.0);
        assertThat(metrics.value("partner_api_quota_exceeded_total", Map.of("client_id", acme.clientId(),
                "mode", "enforce"))).isZero();
        assertThat(metrics.value("partner_api_tokens_issued_total", labels)).isEqualTo(4.0);
        assertThat(metrics.value("partner_api_token_quota_used_ratio", Map.of("client_id", acme.clientId(),
                "window", "hour"))).isEqualTo(2.0);
    }

    private static Reply authenticate(PartnerClient partner, String clientId, String secret) {
        return partner.authenticate("client_id", clientId, "client_secret", secret, "grant_type", "client_credentials");
    }
}
