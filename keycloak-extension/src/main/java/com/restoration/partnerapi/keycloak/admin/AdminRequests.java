package com.restoration.partnerapi.keycloak.admin;

import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.restoration.partnerapi.keycloak.credentials.PartnerStaff;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.util.JsonSerialization;

/** Parses and checks operators' (and the dashboard's) request bodies; anything off is a 400 that changes nothing. */
public final class AdminRequests {

    /** At most seven days: long enough for a planned rotation, short enough to bound a leaked old secret. */
    static final int MAX_GRACE_PERIOD_SECONDS = 7 * 24 * 3600;

    /** A client_id becomes a URL path segment ({@code /accounts/{clientId}/orders}): keep it plain. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    record NewPartner(String clientId, String name) {
    }

    record NewStaff(String email, String firstName, String lastName) {
    }

    private AdminRequests() {
    }

    public static int gracePeriodSeconds(String body) {
        JsonNode json = parse(body, Set.of("grace_period_seconds"));
        if (json == null || !json.has("grace_period_seconds") || json.get("grace_period_seconds").isNull()) {
            return 0;
        }
        JsonNode grace = json.get("grace_period_seconds");
        if (!grace.isIntegralNumber() || grace.asLong() < 0 || grace.asLong() > MAX_GRACE_PERIOD_SECONDS) {
            throw badRequest("grace_period_seconds must be a whole number from 0 to " + MAX_GRACE_PERIOD_SECONDS);
        }
        return grace.asInt();
    }

    static NewPartner newPartner(String body) {
        JsonNode json = parse(body, Set.of("client_id", "name"));
        if (json == null || !json.path("client_id").isTextual()) {
            throw badRequest("client_id is required");
        }
        String clientId = json.get("client_id").asText();
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw badRequest("client_id must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        JsonNode name = json.path("name");
        if (!name.isMissingNode() && !name.isNull() && (!name.isTextual() || name.asText().length() > 255)) {
            throw badRequest("name must be text of at most 255 characters");
        }
        return new NewPartner(clientId, name.isTextual() ? name.asText() : null);
    }

    static NewStaff newStaff(String body) {
        JsonNode json = parse(body, Set.of("email", "first_name", "last_name"));
        if (json == null || !json.path("email").isTextual() || !PartnerStaff.validEmail(json.get("email").asText())) {
            throw badRequest("email is required: a plain e-mail address");
        }
        return new NewStaff(json.get("email").asText(), name(json, "first_name"), name(json, "last_name"));
    }

    private static String name(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > 255 || value.asText().chars().anyMatch(Character::isISOControl)) {
            throw badRequest(field + " must be text of at most 255 characters");
        }
        return value.asText();
    }

    /** @return the JSON object, or null for an empty body */
    private static JsonNode parse(String body, Set<String> allowedFields) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode json;
        try {
            json = JsonSerialization.mapper.readTree(body);
        } catch (IOException e) {
            throw badRequest("The body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw badRequest("The body must be a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                throw badRequest("Unknown field: " + name);
            }
        }
        return json;
    }

    private static ErrorResponseException badRequest(String message) {
        return ErrorResponse.error(message, Response.Status.BAD_REQUEST);
    }
}
