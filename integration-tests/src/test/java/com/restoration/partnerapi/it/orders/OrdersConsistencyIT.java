package com.restoration.partnerapi.it.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retries and concurrent writers, seen through the API and checked in orders-service's database. */
@ExtendWith(StackExtension.class)
class OrdersConsistencyIT {

    @Test
    void twentyConcurrentPostsWithOneIdempotencyKeyCreateExactlyOneOrder(TestStack stack) throws Exception {
        OrdersApi api = new OrdersApi(stack);
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("idem"));
        String token = api.token(partner.clientId(), partner.secret());
        String key = UUID.randomUUID().toString();
        String body = OrdersApi.order("idem-project", 3);

        List<Reply> replies;
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> api.create(partner.clientId(), token, body, key), pool));
            }
            replies = calls.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }

        assertThat(replies).extracting(Reply::status).containsOnly(201);
        assertThat(replies).extracting(r -> r.json().get("id").asText()).containsOnly(replies.get(0).json().get("id").asText());
        assertThat(countOrders(stack, partner.clientId())).isEqualTo(1);
        Reply otherBody = api.create(partner.clientId(), token, OrdersApi.order("idem-project", 4), key);
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherBody.header("Content-Type")).startsWith("application/problem+json");
        assertThat(countOrders(stack, partner.clientId())).isEqualTo(1);
    }

    @Test
    void pagingWalksEveryOrderExactlyOnceWhileNewOrdersArrive(TestStack stack) throws Exception {
        OrdersApi api = new OrdersApi(stack);
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("paging"));
        String token = api.token(partner.clientId(), partner.secret());
        Set<String> existing = new HashSet<>();
        for (int i = 0; i < 45; i++) {
            existing.add(api.create(partner.clientId(), token).json().get("id").asText());
        }

        AtomicBoolean walking = new AtomicBoolean(true);
        AtomicInteger inserted = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (walking.get() && inserted.get() < 40) {
                if (api.create(partner.clientId(), token).status() == 201) {
                    inserted.incrementAndGet();
                }
            }
        });
        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = api.get("/accounts/" + partner.clientId() + "/orders?limit=7"
                    + (cursor == null ? "" : "&cursor=" + cursor), token);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            for (JsonNode order : page.json().get("orders")) {
                walked.add(order.get("id").asText());
            }
            cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
            pages++;
            Thread.sleep(20);
        } while (cursor != null && pages < 100);
        walking.set(false);
        writer.join();

        System.out.printf("paging: %d pages, %d orders walked, %d inserted during the walk%n", pages, walked.size(), inserted.get());
        assertThat(walked).doesNotHaveDuplicates();
        assertThat(walked).containsAll(existing);
        assertThat(inserted.get()).isPositive();
    }

    private static int countOrders(TestStack stack, String clientId) throws Exception {
        try (Connection db = stack.postgres().connect(stack.orders().database());
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM orders WHERE client_id = ?")) {
            query.setString(1, clientId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
