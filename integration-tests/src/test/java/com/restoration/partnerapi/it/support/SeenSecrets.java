package com.restoration.partnerapi.it.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/** Every secret and access token the run handled, so the log check can prove none of them was written to a log. */
public final class SeenSecrets {

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private SeenSecrets() {
    }

    public static void add(String secret) {
        // Short strings would match by accident; every real secret and token here is far longer.
        if (secret != null && secret.length() >= 16) {
            SEEN.add(secret);
        }
    }

    /** Picks access tokens and client secrets out of a JSON response body. */
    static void addFrom(JsonNode body) {
        if (body != null && body.isObject()) {
            for (String field : List.of("access_token", "refresh_token", "id_token", "client_secret", "value")) {
                if (body.path(field).isTextual()) {
                    add(body.get(field).asText());
                }
            }
        }
    }

    public static Set<String> all() {
        return Set.copyOf(SEEN);
    }
}
