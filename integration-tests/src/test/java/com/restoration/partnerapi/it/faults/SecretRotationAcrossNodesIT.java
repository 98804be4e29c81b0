package com.restoration.partnerapi.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.restoration.partnerapi.it.support.ClusterStack;
import com.restoration.partnerapi.it.support.Load;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault 1: a secret rotated through one node of the cluster. The other node refuses the old secret at once (the
 * cluster invalidates its cached client), and tokens either node issued before are refused by orders-service
 * within 10 s, while other partners keep getting tokens.
 */
@ExtendWith(com.restoration.partnerapi.it.support.StackExtension.class)
class SecretRotationAcrossNodesIT {

    private static final long REVOCATION_DEADLINE_MILLIS = 10_000;

    @Test
    void rotationOnNode1StopsTheOldSecretOnNode2AtOnceAndRevokesBothNodesTokens(ClusterStack stack) {
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("cluster-rotate"));
        Partner bystander = Partners.create(stack.admin(), Partners.uniqueId("cluster-bystander"));
        OrdersApi orders = new OrdersApi(stack);
        String ordersPath = "/accounts/" + acme.clientId() + "/orders";
        // One token from each node; node 2 now also holds acme's client in its cache, as it would in production.
        String fromNode1 = token(stack.partnerOn(1), acme.clientId(), acme.secret());
        String fromNode2 = token(stack.partnerOn(2), acme.clientId(), acme.secret());
        assertThat(orders.get(ordersPath, fromNode1).status()).isEqualTo(200);
        assertThat(orders.get(ordersPath, fromNode2).status()).isEqualTo(200);

        Load bystanders = Load.paced("bystander /authenticate via the gateway", 2, 40,
                () -> orders.authenticate(bystander.clientId(), bystander.secret()).status());
        Load node1Token = Load.paced("orders reads with acme's token from node 1", 1, 10,
                () -> orders.get(ordersPath, fromNode1).status());
        Load node2Token = Load.paced("orders reads with acme's token from node 2", 1, 10,
                () -> orders.get(ordersPath, fromNode2).status());
        Load.pause(1_000);

        Operators node1 = new Operators(stack.keycloak().node(1), stack.admin());
        String adminToken = node1.adminToken();
        long rotatedAt = System.currentTimeMillis();
        Reply rotated = node1.postJson(node1.rotateSecretUrl(acme.clientId()), adminToken, "");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String newSecret = rotated.json().get("client_secret").asText();

        // At once, on the node that did not do the rotation:
        Reply oldSecretOnNode2 = stack.partnerOn(2).authenticate("client_id", acme.clientId(),
                "client_secret", acme.secret(), "grant_type", "client_credentials");
        Reply newSecretOnNode2 = stack.partnerOn(2).authenticate("client_id", acme.clientId(),
                "client_secret", newSecret, "grant_type", "client_credentials");
        long checkedAt = System.currentTimeMillis();

        Load.pause(Math.max(0, rotatedAt + REVOCATION_DEADLINE_MILLIS + 5_000 - System.currentTimeMillis()));
        bystanders.stop();
        node1Token.stop();
        node2Token.stop();

        long deadline = rotatedAt + REVOCATION_DEADLINE_MILLIS;
        System.out.printf("fault 1 (secret rotated on node 1): old secret on node 2 %d ms after the rotation began: %d;"
                        + " new secret on node 2: %d%n", checkedAt - rotatedAt, oldSecretOnNode2.status(),
                newSecretOnNode2.status());
        for (Load load : new Load[] {node1Token, node2Token}) {
            long lastAccepted = load.outcomes().stream().filter(o -> o.status() == 200)
                    .mapToLong(Load.Outcome::sentAt).max().orElse(rotatedAt);
            System.out.printf("fault 1: %s; last accepted %d ms after the rotation began; accepted after 10 s: %d%n",
                    load.summary(), lastAccepted - rotatedAt, load.count(o -> o.status() == 200 && o.answeredAt() > deadline));
        }
        System.out.printf("fault 1: %s%n", bystanders.summary());

        assertThat(oldSecretOnNode2.status()).as(oldSecretOnNode2.body()).isEqualTo(401);
        assertThat(oldSecretOnNode2.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(newSecretOnNode2.status()).as(newSecretOnNode2.body()).isEqualTo(200);
        for (Load load : new Load[] {node1Token, node2Token}) {
            assertThat(load.count(o -> o.status() == 200 && !o.sentAfter(rotatedAt))).as("accepted before").isPositive();
            assertThat(load.count(o -> o.status() == 200 && o.answeredAt() > deadline))
                    .as("%s: accepted more than 10 s after the rotation", load.summary()).isZero();
            assertThat(load.count(o -> o.sentAfter(deadline))).as("requests after the deadline").isPositive();
            assertThat(load.count(o -> o.status() != 200 && o.status() != 401)).as(load.summary()).isZero();
        }
        assertThat(bystanders.count(o -> o.status() != 200)).as(bystanders.summary()).isZero();
        assertThat(orders.get(ordersPath, orders.token(acme.clientId(), newSecret)).status()).isEqualTo(200);
    }

    static String token(PartnerClient node, String clientId, String secret) {
        Reply reply = node.authenticate("client_id", clientId, "client_secret", secret, "grant_type", "client_credentials");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("access_token").asText();
    }
}
