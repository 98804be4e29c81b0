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
import com.restoration.partnerapi.it.support.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Brute-force protection counts a guesser's failures across the cluster (Keycloak's single-use-object store is a
 * replicated cache): spreading guesses over both nodes does not buy more of them.
 */
@ExtendWith(StackExtension.class)
class LockoutAcrossNodesIT {

    private static final int MAX_FAILURES = 10;
    private static final String GUESSER = "10.66.1.7";
    private static final String PARTNER = "10.77.1.9";

    @Test
    void failuresOnEitherNodeCountTowardsOneLockout(ClusterStack stack) {
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("cluster-guessed"));
        List<PartnerClient> nodes = List.of(stack.partnerOn(1), stack.partnerOn(2));

        List<Integer> statuses = new ArrayList<>();
        for (int attempt = 0; attempt < MAX_FAILURES + 4; attempt++) {
            statuses.add(attempt(nodes.get(attempt % 2), acme.clientId(), "guess-" + attempt, GUESSER).status());
        }
        System.out.printf("lockout across nodes: guesses alternating node 1 / node 2 got %s%n", statuses);

        assertThat(statuses.subList(0, MAX_FAILURES)).containsOnly(401);
        assertThat(statuses.subList(MAX_FAILURES, statuses.size())).as("on both nodes").containsOnly(429);
        for (PartnerClient node : nodes) {
            assertThat(attempt(node, acme.clientId(), acme.secret(), PARTNER).status()).isEqualTo(200);
        }
    }

    private static Reply attempt(PartnerClient node, String clientId, String secret, String address) {
        return node.postForm(node.authenticateUrl(), PartnerClient.form("client_id", clientId, "client_secret", secret,
                "grant_type", "client_credentials"), Map.of("X-Forwarded-For", address));
    }
}
