package com.restoration.partnerapi.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.restoration.partnerapi.it.support.ClusterStack;
import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.PrometheusScrape;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TokenQuotas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A partner's token quota is counted across the cluster: tokens taken from either node count toward one hourly
 * quota, and once it is used up both nodes refuse with 429 and Retry-After, while another partner goes on.
 */
@ExtendWith(StackExtension.class)
class QuotaAcrossNodesIT {

    private static final long PER_HOUR = 6;

    @Test
    void tokensFromEitherNodeCountTowardOneQuota(ClusterStack stack) {
        long hourLeft = TokenQuotas.awayFromTheHoursEnd(60);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("cluster-quota"));
        Partner other = Partners.create(stack.admin(), Partners.uniqueId("cluster-quota-other"));
        TokenQuotas.override(stack.admin(), acme.id(), PER_HOUR, null, null);
        TokenQuotas.override(stack.admin(), other.id(), PER_HOUR, null, null);
        List<PartnerClient> nodes = List.of(stack.partnerOn(1), stack.partnerOn(2));

        List<Integer> statuses = new ArrayList<>();
        for (int n = 0; n < PER_HOUR; n++) {
            statuses.add(authenticate(nodes.get(n % 2), acme).status());
        }
        List<Reply> over = List.of(authenticate(nodes.get(0), acme), authenticate(nodes.get(1), acme));
        System.out.printf("quota across nodes: %d tokens alternating node 1 / node 2 got %s, then %d and %d%n",
                PER_HOUR, statuses, over.get(0).status(), over.get(1).status());

        assertThat(statuses).containsOnly(200);
        for (Reply refused : over) {
            assertThat(refused.status()).as("on both nodes: %s", refused.body()).isEqualTo(429);
            assertThat(refused.json().path("error").asText()).isEqualTo("too_many_requests");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(hourLeft - 120, hourLeft);
            assertThat(refused.header("RateLimit")).startsWith("\"hour\";r=0;");
        }
        for (PartnerClient node : nodes) {
            assertThat(authenticate(node, other).status()).as("another partner").isEqualTo(200);
        }

        // Each node counts what it issued and refused; together, the quota's figures.
        double issued = 0;
        double refusedCount = 0;
        for (int node = 1; node <= 2; node++) {
            PrometheusScrape metrics = PrometheusScrape.of(stack.keycloak().node(node).metricsUrl());
            issued += metrics.value("partner_api_tokens_issued_total", Map.of("client_id", acme.clientId()));
            refusedCount += metrics.value("partner_api_quota_exceeded_total",
                    Map.of("client_id", acme.clientId(), "mode", "enforce"));
        }
        assertThat(issued).isEqualTo(PER_HOUR);
        assertThat(refusedCount).isEqualTo(2.0);
    }

    private static Reply authenticate(PartnerClient node, Partner partner) {
        return node.authenticate("client_id", partner.clientId(), "client_secret", partner.secret(),
                "grant_type", "client_credentials");
    }
}
