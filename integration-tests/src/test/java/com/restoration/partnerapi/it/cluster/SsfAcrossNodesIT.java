package com.restoration.partnerapi.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.restoration.partnerapi.it.support.ClusterStack;
import com.restoration.partnerapi.it.support.DistributionKeycloak;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.SsfReceiver;
import com.restoration.partnerapi.it.support.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shared Signals on the two-node cluster: a stream's queue is in the shared database, so an event made on one node
 * is polled through the other, once; a node that dies between delivery and acknowledgement loses nothing; and
 * orders-service, restarted mid-stream, enforces every revocation (the ones it stored and the ones made while it
 * was away).
 */
@ExtendWith(StackExtension.class)
class SsfAcrossNodesIT {

    @Test
    void anEventMadeOnOneNodeArrivesOnceThroughTheOtherAndSurvivesANodeLoss(ClusterStack stack) throws Exception {
        DistributionKeycloak node1 = stack.keycloak().node(1);
        DistributionKeycloak node2 = stack.keycloak().node(2);
        SsfReceiver on1 = SsfReceiver.create(node1, stack.admin(), Partners.uniqueId("cluster-receiver"));
        SsfReceiver on2 = on1.on(node2);
        String stream = on1.createStream("across nodes").get("stream_id").asText();
        on2.drain(stream);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("cluster-ssf"));

        CompletableFuture<Reply> waitingOn2 = CompletableFuture.supplyAsync(() -> on2.poll(stream, List.of(), false));
        Operators operatorsOn1 = new Operators(node1, stack.admin());
        Reply rotated = operatorsOn1.postJson(operatorsOn1.rotateSecretUrl(acme.clientId()), operatorsOn1.adminToken(), "");
        long answered = System.nanoTime();
        Reply delivered = waitingOn2.get(30, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - answered) / 1_000_000;
        System.out.printf("SSF across nodes: made on node 1, delivered through node 2's waiting poll %d ms after the"
                + " rotation answered%n", millis);

        assertThat(rotated.status()).isEqualTo(200);
        String jti = setAbout(delivered, acme.clientId());
        assertThat(jti).as("node 2 delivered the rotation made on node 1: %s", delivered.body()).isNotNull();
        assertThat(millis).as("a waiting poll on the other node looks at the table 4 times a second").isLessThan(2_000);

        // Node 2 dies before the receiver acknowledged: node 1 delivers the same SET again.
        node2.kill();
        Reply again = on1.poll(stream, List.of(), true);
        assertThat(SsfReceiver.jtis(again)).contains(jti);
        Reply acknowledged = on1.poll(stream, List.of(jti), true);
        assertThat(SsfReceiver.jtis(acknowledged)).doesNotContain(jti);

        node2.restart();
        assertThat(SsfReceiver.jtis(on2.poll(stream, List.of(), true))).as("acknowledged once, delivered no more")
                .doesNotContain(jti);
        assertThat(SsfReceiver.jtis(on1.poll(stream, List.of(), true))).doesNotContain(jti);
    }

    @Test
    void ordersServiceRestartedMidStreamEnforcesEveryRevocation(ClusterStack stack) {
        OrdersApi api = new OrdersApi(stack);
        Partner before = Partners.create(stack.admin(), Partners.uniqueId("revoked-before-restart"));
        Partner during = Partners.create(stack.admin(), Partners.uniqueId("revoked-while-away"));
        String beforeToken = api.token(before.clientId(), before.secret());
        String duringToken = api.token(during.clientId(), during.secret());
        assertThat(api.listStatus(before.clientId(), beforeToken)).isEqualTo(200);
        assertThat(api.listStatus(during.clientId(), duringToken)).isEqualTo(200);
        Operators operators = new Operators(stack.keycloak().node(1), stack.admin());

        operators.postJson(operators.rotateSecretUrl(before.clientId()), operators.adminToken(), "");
        assertThat(api.awaitRefused(before.clientId(), beforeToken, Duration.ofSeconds(5))).isPresent();
        stack.orders().stop();
        Reply whileAway = operators.postJson(operators.rotateSecretUrl(during.clientId()), operators.adminToken(), "");
        String freshSecret = whileAway.json().get("client_secret").asText();
        stack.orders().restart(stack.keycloak());

        assertThat(api.listStatus(before.clientId(), beforeToken)).as("stored before the restart").isEqualTo(401);
        assertThat(api.awaitRefused(during.clientId(), duringToken, Duration.ofSeconds(10)))
                .as("queued while orders-service was away, delivered after its restart").isPresent();
        assertThat(api.listStatus(during.clientId(), api.token(during.clientId(), freshSecret))).isEqualTo(200);
    }

    /** The jti of the SET in this poll's reply about {@code clientId}, or null. */
    private static String setAbout(Reply poll, String clientId) {
        for (Map.Entry<String, JsonNode> set : (Iterable<Map.Entry<String, JsonNode>>) () -> poll.json().get("sets").fields()) {
            if (clientId.equals(SsfReceiver.claims(set.getValue().asText()).get("sub_id").path("id").asText())) {
                return set.getKey();
            }
        }
        return null;
    }
}
