package com.restoration.partnerapi.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.restoration.partnerapi.it.support.ClusterStack;
import com.restoration.partnerapi.it.support.DistributionKeycloak;
import com.restoration.partnerapi.it.support.Load;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.SeenSecrets;
import com.restoration.partnerapi.it.support.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault 3: all of Keycloak restarted under orders load. orders-service verifies tokens with the keys it already
 * has and keeps the revocations it knows, so no read fails while no Keycloak node runs and a revoked token stays
 * refused; /authenticate answers a clear 503 meanwhile, and tokens from before and after the restart both work.
 * Revocations outlive restarts on both sides: Keycloak keeps them, and orders-service, restarted while it cannot
 * reach Keycloak, still refuses what it stored.
 */
@ExtendWith(StackExtension.class)
class KeycloakRestartIT {

    @Test
    void ordersReadsNeverFailWhileKeycloakRestarts(ClusterStack stack) {
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("cluster-restart"));
        OrdersApi gateway = new OrdersApi(stack);
        String ordersPath = "/accounts/" + acme.clientId() + "/orders";
        String before = gateway.token(acme.clientId(), acme.secret());
        for (int i = 0; i < 3; i++) {
            assertThat(gateway.create(acme.clientId(), before).status()).isEqualTo(201);
        }

        // Tokens orders-service has not seen yet, first used while no Keycloak node runs: verified with the keys
        // it keeps (a token it already verified is remembered, so it would prove nothing about the keys).
        List<String> unseen = gateway.tokens(acme.clientId(), acme.secret(), 5);

        Partner revoked = Partners.create(stack.admin(), Partners.uniqueId("cluster-restart-revoked"));
        String revokedToken = gateway.token(revoked.clientId(), revoked.secret());
        Operators operators = new Operators(stack.keycloak().node(1), stack.admin());
        SeenSecrets.add(operators.postJson(operators.rotateSecretUrl(revoked.clientId()), operators.adminToken(), "")
                .json().get("client_secret").asText());
        assertThat(gateway.awaitRefused(revoked.clientId(), revokedToken, Duration.ofSeconds(10))).isPresent();

        Load reads = Load.paced("orders reads via the gateway", 3, 40, () -> gateway.get(ordersPath, before).status());
        Load.pause(2_000);
        long stoppedAt = System.currentTimeMillis();
        stack.keycloak().stop();
        Reply duringOutage = gateway.authenticate(acme.clientId(), acme.secret());
        List<Integer> unseenDuringOutage = new ArrayList<>();
        for (String token : unseen) {
            unseenDuringOutage.add(gateway.get(ordersPath, token).status());
        }
        int revokedDuringOutage = gateway.listStatus(revoked.clientId(), revokedToken);
        Load.pause(3_000);
        long startingAt = System.currentTimeMillis();
        stack.keycloak().nodes().forEach(DistributionKeycloak::restart);
        long upAt = System.currentTimeMillis();
        Load.pause(3_000);
        reads.stop();

        System.out.printf("fault 3 (Keycloak restarted): %s%n", reads.summary());
        System.out.printf("fault 3: while no node ran (%d ms) %s; while the nodes started (%d ms) %s;"
                        + " first uses of 5 new tokens while no node ran: %s; /authenticate meanwhile: %d %s%n",
                startingAt - stoppedAt, reads.byStatus(o -> o.sentAfter(stoppedAt) && !o.sentAfter(startingAt)),
                upAt - startingAt, reads.byStatus(o -> o.sentAfter(startingAt) && !o.sentAfter(upAt)),
                unseenDuringOutage, duringOutage.status(), duringOutage.body().strip());

        assertThat(reads.count(o -> o.status() != 200)).as(reads.summary()).isZero();
        assertThat(reads.count(o -> o.sentAfter(stoppedAt) && !o.sentAfter(upAt))).as("reads during the restart").isPositive();
        assertThat(unseenDuringOutage).as("tokens first used while Keycloak was down").containsOnly(200);
        assertThat(duringOutage.status()).isEqualTo(503);
        assertThat(duringOutage.json().get("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(revokedDuringOutage).as("a revoked token while Keycloak was down").isEqualTo(401);
        assertThat(operators.revocations().json().get("clients").has(revoked.clientId()))
                .as("Keycloak kept the revocation across its restart").isTrue();
        String after = gateway.token(acme.clientId(), acme.secret());
        assertThat(gateway.get(ordersPath, after).status()).isEqualTo(200);
        Reply list = gateway.get(ordersPath, before);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("orders").size()).isEqualTo(3);

        // orders-service restarted while it cannot read revocations: what it stored still holds.
        stack.orders().restart(stack.keycloak(), "--orders.revocation.uri=http://127.0.0.1:9/unreachable");
        try {
            assertThat(gateway.listStatus(acme.clientId(), before)).isEqualTo(200);
            assertThat(gateway.listStatus(revoked.clientId(), revokedToken)).isEqualTo(401);
        } finally {
            stack.orders().restart(stack.keycloak());
        }
    }
}
