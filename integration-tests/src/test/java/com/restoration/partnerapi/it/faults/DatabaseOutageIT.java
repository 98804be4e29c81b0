package com.restoration.partnerapi.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.restoration.partnerapi.it.support.ClusterStack;
import com.restoration.partnerapi.it.support.Load;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault 5: orders-service's PostgreSQL crashes (immediate shutdown) under writes and reads, through the gateway.
 * Every order that was acknowledged with a 201 is in the database exactly once, and no request gets anything but
 * 200/201 or 503. Writers behave as the API asks partners to: each order has its own Idempotency-Key, and a request
 * without a 201 is retried with the same key. (The 503 problem itself, readiness and recovery without a restart
 * are orders-service's own {@code DatabaseOutageTest}, with a cut connection.)
 */
@ExtendWith(StackExtension.class)
class DatabaseOutageIT {

    @Test
    void ordersAcknowledgedAreStoredOnceAndTheServiceRecoversByItself(ClusterStack stack) throws SQLException {
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("cluster-db-outage"));
        OrdersApi gateway = new OrdersApi(stack);
        String token = gateway.token(acme.clientId(), acme.secret());
        long ordersPid = stack.orders().process().pid();

        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        Map<Thread, String> unacknowledged = new ConcurrentHashMap<>();
        Load writes = Load.paced("order writes (Idempotency-Key, retried until 201)", 3, 20, () -> {
            String key = unacknowledged.computeIfAbsent(Thread.currentThread(), thread -> UUID.randomUUID().toString());
            Reply reply = gateway.create(acme.clientId(), token, OrdersApi.order(key, 1), key);
            if (reply.status() == 201) {
                acknowledged.put(key, reply.json().get("id").asText());
                unacknowledged.remove(Thread.currentThread());
            }
            return reply.status();
        });
        Load reads = Load.paced("order reads", 1, 20, () -> gateway.get("/accounts/" + acme.clientId() + "/orders", token).status());
        Load.pause(1_500);

        long crashedAt = System.currentTimeMillis();
        stack.ordersDatabase().crash();
        Load.pause(3_000);
        long restartedAt = System.currentTimeMillis();
        stack.ordersDatabase().start();
        long recoveredAt = awaitWriteAfter(writes, restartedAt);
        Load.pause(1_000);
        writes.stop();
        reads.stop();
        // A write the crash left without an answer is retried once more, with its key, as a partner would.
        for (String key : unacknowledged.values()) {
            Reply retry = gateway.create(acme.clientId(), token, OrdersApi.order(key, 1), key);
            assertThat(retry.status()).as(retry.body()).isEqualTo(201);
            acknowledged.put(key, retry.json().get("id").asText());
        }

        Map<String, String> stored = new HashMap<>();
        long rows = 0;
        try (Connection connection = stack.ordersDatabase().server().connect(stack.orders().database());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT idempotency_key, id FROM orders WHERE client_id = ?")) {
            select.setString(1, acme.clientId());
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows++;
                    stored.put(result.getString(1), result.getString(2));
                }
            }
        }

        System.out.printf("fault 5 (orders database crashed for %d ms): %s; %s%n", restartedAt - crashedAt,
                writes.summary(), reads.summary());
        System.out.printf("fault 5: while down, writes %s, reads %s; first 201 %d ms after the restart;"
                        + " acknowledged %d (%d of them unanswered when the load stopped, then retried), found %d rows"
                        + " for %d keys%n",
                writes.byStatus(o -> o.sentAfter(crashedAt + 500) && !o.sentAfter(restartedAt)),
                reads.byStatus(o -> o.sentAfter(crashedAt + 500) && !o.sentAfter(restartedAt)),
                recoveredAt - restartedAt, acknowledged.size(), unacknowledged.size(), rows, stored.size());

        assertThat(writes.count(o -> o.status() == 503 && o.sentAfter(crashedAt))).as("503s while down").isPositive();
        assertThat(writes.count(o -> o.status() != 201 && o.status() != 503)).as(writes.summary()).isZero();
        assertThat(reads.count(o -> o.status() != 200 && o.status() != 503)).as(reads.summary()).isZero();
        assertThat(writes.count(o -> o.status() == 201 && o.sentAfter(restartedAt))).as("writes after recovery").isPositive();
        assertThat(stack.orders().process().pid()).as("orders-service was not restarted").isEqualTo(ordersPid);

        assertThat(acknowledged).as("acknowledged orders").hasSizeGreaterThan(10);
        assertThat(stored).as("every acknowledged order is stored, under the id its 201 gave").containsAllEntriesOf(acknowledged);
        assertThat(rows).as("no order stored twice, none unacknowledged").isEqualTo(acknowledged.size());
    }

    private static long awaitWriteAfter(Load writes, long restartedAt) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            long first = writes.outcomes().stream().filter(o -> o.status() == 201 && o.sentAfter(restartedAt))
                    .mapToLong(Load.Outcome::answeredAt).min().orElse(0);
            if (first > 0) {
                return first;
            }
            Load.pause(200);
        }
        throw new AssertionError("orders-service did not recover within 30 s of PostgreSQL's restart: " + writes.summary());
    }
}
