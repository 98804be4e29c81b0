package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HTTP as a partner sends it: form bodies, HTTP Basic, no client library. */
public final class PartnerClient {

    public static final String AUTHENTICATE_PATH = "/partner-api/authenticate";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final KeycloakServer keycloak;

    PartnerClient(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    public String authenticateUrl() {
        return keycloak.realmUrl() + AUTHENTICATE_PATH;
    }

    public String standardTokenUrl() {
        return keycloak.realmUrl() + "/protocol/openid-connect/token";
    }

    /** A form POST to /authenticate with the given parameters in order. */
    public Reply authenticate(String... nameValuePairs) {
        return postForm(authenticateUrl(), form(nameValuePairs), Map.of());
    }

    public Reply postForm(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::setHeader);
        return send(request.build());
    }

    public Reply send(HttpRequest request) {
        try {
            Reply reply = new Reply(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
            if (reply.body().startsWith("{")) {
                try {
                    SeenSecrets.addFrom(JSON.readTree(reply.body()));
                } catch (IOException notJson) {
                    // nothing to remember
                }
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code a=1&b=2}, each name and value form-encoded. */
    public static String form(String... nameValuePairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(encode(nameValuePairs[i])).append('=').append(encode(nameValuePairs[i + 1]));
        }
        return body.toString();
    }

    public static String basic(String clientId, String secret) {
        String pair = encode(clientId) + ":" + encode(secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A response with its body parsed as JSON when it is JSON. */
    public record Reply(HttpResponse<String> http) {

        public int status() {
            return http.statusCode();
        }

        public String header(String name) {
            return http.headers().firstValue(name).orElse(null);
        }

        public String body() {
            return http.body();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(http.body());
            } catch (IOException e) {
                throw new AssertionError("Not JSON (status " + status() + "): " + http.body(), e);
            }
        }
    }
}
