package com.restoration.partnerapi.it.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The orders API as a partner calls it, through the gateway (BASE_URL). */
public final class OrdersApi {

    private final String baseUrl;
    private final PartnerClient http;

    public OrdersApi(TestStack stack) {
        stack.orders();
        this.baseUrl = stack.gateway().baseUrl();
        this.http = stack.partner();
    }

    /** Through the cluster's gateway. */
    public OrdersApi(ClusterStack stack) {
        this.baseUrl = stack.gateway().baseUrl();
        this.http = stack.partner();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A token for the partner from BASE_URL/authenticate. */
    public String token(String clientId, String secret) {
        PartnerClient.Reply reply = authenticate(clientId, secret);
        if (reply.status() != 200) {
            throw new IllegalStateException("No token for " + clientId + ": " + reply.body());
        }
        return reply.json().get("access_token").asText();
    }

    /** {@code count} tokens for the partner, each from its own call to BASE_URL/authenticate. */
    public List<String> tokens(String clientId, String secret, int count) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(token(clientId, secret));
        }
        return tokens;
    }

    /** POST BASE_URL/authenticate with the documented form, whatever the answer. */
    public PartnerClient.Reply authenticate(String clientId, String secret) {
        return http.postForm(baseUrl + "/authenticate",
                PartnerClient.form("client_id", clientId, "client_secret", secret, "grant_type", "client_credentials"),
                java.util.Map.of());
    }

    public PartnerClient.Reply get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build());
    }

    /** The status of the partner's order list with this token. */
    public int listStatus(String clientId, String token) {
        return get("/accounts/" + clientId + "/orders", token).status();
    }

    /**
     * Polls the partner's order list with a token until orders-service refuses it (401), for at most {@code limit}.
     *
     * @return how long that took, or empty if the token was still accepted at the limit
     */
    public Optional<Duration> awaitRefused(String clientId, String token, Duration limit) {
        Instant start = Instant.now();
        while (Duration.between(start, Instant.now()).compareTo(limit) < 0) {
            if (listStatus(clientId, token) == 401) {
                return Optional.of(Duration.between(start, Instant.now()));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }

    public PartnerClient.Reply create(String clientId, String token, String json, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/accounts/" + clientId + "/orders"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build());
    }

    public PartnerClient.Reply create(String clientId, String token) {
        return create(clientId, token, order("proj-" + UUID.randomUUID().toString().substring(0, 6), 1), null);
    }

    public static String order(String projectId, int quantity) {
        return "{\"project_id\": \"" + projectId + "\", \"quantity\": " + quantity + ", \"reference\": \"ref-" + projectId + "\"}";
    }
}
