package com.restoration.partnerapi.keycloak.ssf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.util.JsonSerialization;

/**
 * Reads the receivers' JSON bodies: anything malformed is an {@link Invalid} (a {@code 400} with an error JSON that
 * says what) before anything changes. Sizes are bounded so that no body makes the transmitter hold more than it would send.
 */
final class SsfRequests {

    static final int MAX_BODY_CHARS = 64 * 1024;
    static final int MAX_ACKS = 1000;
    private static final int MAX_TEXT = 255;
    private static final int MAX_EVENT_TYPES = 20;
    /** The column that keeps them. */
    private static final int MAX_EVENT_TYPES_CHARS = 2000;

    /** The body of a poll (RFC 8936 §2.4). */
    record Poll(List<String> acknowledged, Map<String, String> errors, int maxEvents, boolean returnImmediately) {
    }

    private SsfRequests() {
    }

    static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("The body must be a JSON object");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw invalid("The body is larger than " + MAX_BODY_CHARS + " characters");
        }
        try {
            JsonNode json = JsonSerialization.mapper.readTree(body);
            if (json == null || !json.isObject()) {
                throw invalid("The body must be a JSON object");
            }
            return json;
        } catch (IOException e) {
            throw invalid("The body is not valid JSON");
        }
    }

    static String text(JsonNode json, String field, boolean required) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw invalid(field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().length() > MAX_TEXT) {
            throw invalid(field + " must be a string of at most " + MAX_TEXT + " characters");
        }
        return value.asText();
    }

    /** {@code events_requested}, or null when absent. */
    static List<String> eventTypes(JsonNode json) {
        JsonNode value = json.get("events_requested");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray() || value.size() > MAX_EVENT_TYPES) {
            throw invalid("events_requested must be an array of at most " + MAX_EVENT_TYPES + " event type URIs");
        }
        List<String> types = new ArrayList<>();
        for (JsonNode type : value) {
            if (!type.isTextual() || type.asText().isEmpty() || type.asText().length() > MAX_TEXT
                    || type.asText().chars().anyMatch(Character::isWhitespace)) {
                throw invalid("events_requested must be an array of event type URIs");
            }
            if (!types.contains(type.asText())) {
                types.add(type.asText());
            }
        }
        if (String.join(" ", types).length() > MAX_EVENT_TYPES_CHARS) {
            throw invalid("events_requested is longer than " + MAX_EVENT_TYPES_CHARS + " characters");
        }
        return types;
    }

    /** Only poll delivery is offered; a stream that asks for push, or names its own URL, is refused. */
    static void pollDelivery(JsonNode json) {
        JsonNode delivery = json.get("delivery");
        if (delivery == null || delivery.isNull()) {
            return;
        }
        JsonNode method = delivery.get("method");
        if (!delivery.isObject() || method == null || !StreamConfiguration.POLL.equals(method.asText())) {
            throw invalid("delivery.method must be " + StreamConfiguration.POLL + " (poll); push is not offered");
        }
    }

    static Poll poll(String body) {
        JsonNode json = body == null || body.isBlank() ? JsonSerialization.mapper.createObjectNode() : object(body);
        List<String> acks = new ArrayList<>();
        JsonNode ack = json.get("ack");
        if (ack != null && !ack.isNull()) {
            if (!ack.isArray() || ack.size() > MAX_ACKS) {
                throw invalid("ack must be an array of at most " + MAX_ACKS + " jti strings");
            }
            ack.forEach(jti -> acks.add(jti(jti)));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode setErrs = json.get("setErrs");
        if (setErrs != null && !setErrs.isNull()) {
            if (!setErrs.isObject() || setErrs.size() > MAX_ACKS) {
                throw invalid("setErrs must be an object of at most " + MAX_ACKS + " jti keys");
            }
            setErrs.fields().forEachRemaining(entry -> {
                JsonNode err = entry.getValue().get("err");
                errors.put(jti(JsonSerialization.mapper.getNodeFactory().textNode(entry.getKey())),
                        err != null && err.isTextual() ? err.asText() : "unspecified");
            });
        }
        return new Poll(acks, errors, maxEvents(json.get("maxEvents")), bool(json.get("returnImmediately")));
    }

    private static String jti(JsonNode jti) {
        if (!jti.isTextual() || jti.asText().isEmpty() || jti.asText().length() > 64) {
            throw invalid("a jti must be a string of 1 to 64 characters");
        }
        return jti.asText();
    }

    private static int maxEvents(JsonNode value) {
        if (value == null || value.isNull()) {
            return Delivery.MAX_EVENTS;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw invalid("maxEvents must be a whole number, 0 or more");
        }
        return (int) Math.min(value.asLong(), Delivery.MAX_EVENTS);
    }

    private static boolean bool(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid("returnImmediately must be true or false");
        }
        return value.asBoolean();
    }

    static Invalid invalid(String description) {
        return new Invalid(description);
    }

    /** A request the transmitter cannot take; its message says why, and becomes a {@code 400}'s description. */
    static final class Invalid extends RuntimeException {

        Invalid(String description) {
            super(description, null, false, false);
        }
    }
}
