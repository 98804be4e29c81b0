package com.restoration.partnerapi.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.restoration.partnerapi.it.support.ClusterStack;
import com.restoration.partnerapi.it.support.DistributionKeycloak;
import com.restoration.partnerapi.it.support.Load;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault 2: a Keycloak node killed (SIGKILL) under /authenticate load. The other node keeps issuing tokens, nginx
 * sends every request there once it has seen the node fail, and the restarted node rejoins the cluster and
 * serves again.
 */
@ExtendWith(StackExtension.class)
class KeycloakNodeLossIT {

    /** How long nginx may take to notice: the requests in flight on the killed node, then its first refusal. */
    private static final long NOTICE_MILLIS = 1_000;
    /** nginx's fail_timeout (5 s) and the first, slow answers of a node just started, with room for a loaded machine. */
    private static final long REJOIN_MILLIS = 30_000;
    private static final Pattern AUTHENTICATE_LINE = Pattern.compile("\"POST /authenticate [^\"]*\" (\\d{3}) .* (\\S+)$");

    @Test
    void theOtherNodeKeepsIssuingAndTheKilledNodeRejoins(ClusterStack stack) throws IOException {
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("cluster-node-loss"));
        OrdersApi gateway = new OrdersApi(stack);
        DistributionKeycloak node2 = stack.keycloak().node(2);
        String node2Address = node2.baseUrl().substring("http://".length());

        Load authenticate = Load.paced("/authenticate via the gateway", 4, 40,
                () -> gateway.authenticate(acme.clientId(), acme.secret()).status());
        Load.pause(2_000);
        long killedAt = System.currentTimeMillis();
        node2.kill();
        Load.pause(6_000);
        long restartedAt = System.currentTimeMillis();
        node2.restart();
        long readyAt = System.currentTimeMillis();
        int accessLogLinesAtRejoin = Files.readAllLines(stack.gateway().accessLog()).size();
        // nginx tries node 2 again once fail_timeout (5 s) has passed since its last failure; on a loaded machine the
        // freshly started node's first answers are slow too, so the test waits for them rather than a fixed time.
        long servedByNode2 = 0;
        for (long deadline = readyAt + REJOIN_MILLIS; servedByNode2 == 0 && System.currentTimeMillis() < deadline; ) {
            Load.pause(500);
            servedByNode2 = servedBy(node2Address, stack.gateway().accessLog(), accessLogLinesAtRejoin);
        }
        long rejoinedAt = System.currentTimeMillis();
        authenticate.stop();

        System.out.printf("fault 2 (node 2 killed): %s%n", authenticate.summary());
        System.out.printf("fault 2: before the kill %s; node 2 down %s (%d ms); node 2 starting %s (%d ms);"
                        + " after it was ready %s, %d of them served by node 2%n",
                authenticate.byStatus(o -> !o.sentAfter(killedAt)),
                authenticate.byStatus(o -> o.sentAfter(killedAt) && !o.sentAfter(restartedAt)), restartedAt - killedAt,
                authenticate.byStatus(o -> o.sentAfter(restartedAt) && !o.sentAfter(readyAt)), readyAt - restartedAt,
                authenticate.byStatus(o -> o.sentAfter(readyAt)), servedByNode2);
        System.out.printf("fault 2: node 2 served again %d ms after it was ready%n", rejoinedAt - readyAt);

        assertThat(authenticate.count(o -> o.status() == 200 && o.sentAfter(killedAt) && !o.sentAfter(restartedAt)))
                .as("tokens issued while node 2 was down").isPositive();
        assertThat(authenticate.count(o -> o.status() != 200 && o.sentAfter(killedAt + NOTICE_MILLIS)))
                .as("failed requests once nginx noticed: %s", authenticate.summary()).isZero();
        assertThat(servedByNode2).as("tokens issued by node 2 after it rejoined").isPositive();

        // Node 2 is a cluster member again: a rotation through node 1 reaches its cache at once.
        assertThat(SecretRotationAcrossNodesIT.token(stack.partnerOn(2), acme.clientId(), acme.secret())).isNotBlank();
        Operators node1 = new Operators(stack.keycloak().node(1), stack.admin());
        Reply rotated = node1.postJson(node1.rotateSecretUrl(acme.clientId()), node1.adminToken(), "");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(stack.partnerOn(2).authenticate("client_id", acme.clientId(), "client_secret", acme.secret(),
                "grant_type", "client_credentials").status()).isEqualTo(401);
    }

    /** Tokens the gateway's access log shows issued by the node at this address, from the given line on. */
    private static long servedBy(String address, Path accessLog, int fromLine) throws IOException {
        List<String> lines = Files.readAllLines(accessLog);
        return lines.subList(fromLine, lines.size()).stream().map(AUTHENTICATE_LINE::matcher).filter(Matcher::find)
                .filter(line -> line.group(1).equals("200") && line.group(2).equals(address)).count();
    }
}
