package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A partner's staff member logging in to the dashboard without a browser, the way the page does: authorization
 * code with PKCE at Keycloak's login form, one cookie jar per person (Keycloak's SSO session), the code exchanged
 * at the token endpoint. For the API's access rules; the page itself is tested in a real browser.
 */
public final class StaffLogin {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*\\bid=\"kc-form-login\"[^>]*>");
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String realmUrl;
    private final String redirectUri;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public StaffLogin(KeycloakServer keycloak, String baseUrl) {
        this(keycloak.realmUrl(), baseUrl);
    }

    /** At a realm the tests did not start (./stack's), behind the gateway at {@code baseUrl}. */
    public StaffLogin(String realmUrl, String baseUrl) {
        this.realmUrl = realmUrl;
        this.redirectUri = baseUrl + "/dashboard/";
    }

    /**
     * What the invited member does: sets a password (the invitation's link proves the address); no action left for
     * the first login.
     */
    public static void setPassword(Keycloak admin, String userId, String password) {
        var user = admin.realm(KeycloakServer.REALM).users().get(userId);
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.resetPassword(credential);
        UserRepresentation representation = user.toRepresentation();
        representation.setEmailVerified(true);
        representation.setRequiredActions(List.of());
        user.update(representation);
    }

    /** Logs in (the login form, or Keycloak's SSO session when fresh enough) and returns an access token. */
    public String accessToken(String username, String password) {
        return login(username, password, false);
    }

    /** A new login whatever the SSO session says ({@code max_age=0}), as the page asks before a reveal. */
    public String reauthenticate(String username, String password) {
        return login(username, password, true);
    }

    private String login(String username, String password, boolean fresh) {
        String verifier = random(32);
        String state = random(16);
        String authorize = realmUrl + "/protocol/openid-connect/auth?client_id=" + Dashboard.CLIENT_ID
                + "&response_type=code&scope=openid&state=" + state + "&redirect_uri=" + encode(redirectUri)
                + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256" + (fresh ? "&max_age=0" : "");
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(authorize)).GET().build());
        // With organizations enabled, Keycloak asks for the username first (identity-first), then the password.
        for (int step = 0; page.statusCode() == 200 && step < 3; step++) {
            Matcher form = LOGIN_FORM.matcher(page.body());
            Matcher action = form.find() ? ACTION.matcher(form.group()) : null;
            if (action == null || !action.find()) {
                throw new AssertionError("No login form: " + page.body());
            }
            List<String> fields = new ArrayList<>();
            if (page.body().contains("name=\"username\"")) {
                fields.addAll(List.of("username", username));
            }
            if (page.body().contains("name=\"password\"")) {
                fields.addAll(List.of("password", password, "credentialId", ""));
            }
            page = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(PartnerClient.form(fields.toArray(String[]::new))))
                    .build());
        }
        if (page.statusCode() != 302) {
            throw new AssertionError("Login of " + username + " refused (" + page.statusCode() + ")");
        }
        String location = page.headers().firstValue("Location").orElseThrow();
        Map<String, String> query = query(URI.create(location).getRawQuery());
        if (!location.startsWith(redirectUri) || !state.equals(query.get("state")) || !query.containsKey("code")) {
            throw new AssertionError("Unexpected redirect after login: " + location);
        }
        HttpResponse<String> token = send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(PartnerClient.form("grant_type", "authorization_code",
                        "code", query.get("code"), "redirect_uri", redirectUri, "client_id", Dashboard.CLIENT_ID,
                        "code_verifier", verifier)))
                .build());
        try {
            JsonNode json = JSON.readTree(token.body());
            if (token.statusCode() != 200 || !json.hasNonNull("access_token")) {
                throw new AssertionError("Code exchange failed (" + token.statusCode() + "): " + token.body());
            }
            return json.get("access_token").asText();
        } catch (IOException e) {
            throw new AssertionError(token.body(), e);
        }
    }

    /**
     * Keycloak's cookies, sent back by hand: they are {@code Secure}, which a browser honours on http://127.0.0.1 and
     * http://localhost (./stack's; trustworthy origins) and Java's cookie manager does not.
     */
    private HttpResponse<String> send(HttpRequest request) {
        HttpRequest.Builder withCookies = HttpRequest.newBuilder(request, (name, value) -> true);
        if (!cookies.isEmpty()) {
            withCookies.header("Cookie", String.join("; ", cookies.entrySet().stream()
                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue()).toList()));
        }
        try {
            HttpResponse<String> response = http.send(withCookies.build(), HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
                }
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError(request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
