package com.restoration.partnerapi.keycloak.authenticate;

import java.util.Locale;
import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.OAuth2Constants;
import org.keycloak.http.HttpRequest;
import org.keycloak.util.BasicAuthHelper;

/**
 * The rules of RFC 6749 that a partner token request must meet, where Keycloak's token endpoint would accept the
 * request or answer it otherwise: a secret in the URL, a body that is not a form (Keycloak also reads multipart),
 * control characters and overlong values (Keycloak strips or drops them), another grant than client_credentials,
 * two client authentication methods at once, no client authentication at all (Keycloak lets a public client in on
 * its client_id alone). They are checked before Keycloak authenticates the client, so no secret is compared.
 *
 * <p>What Keycloak checks itself is left to it: a repeated parameter ({@code TokenEndpoint}, after client
 * authentication), a missing or unknown client_id (its client authenticator).
 */
final class TokenRequestRules {

    static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    /** Far above any real client id, secret, grant type or scope list; Keycloak would silently drop a longer scope. */
    static final int MAX_PARAMETER_LENGTH = 2048;

    /** What the rules look at: the request as received, form already trimmed (and empty unless it is a form). */
    record TokenRequest(String contentType, String authorization,
                        MultivaluedMap<String, String> query, MultivaluedMap<String, String> form) {

        static TokenRequest of(HttpRequest request) {
            String contentType = request.getHttpHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE);
            return new TokenRequest(contentType, request.getHttpHeaders().getHeaderString(HttpHeaders.AUTHORIZATION),
                    request.getUri().getQueryParameters(),
                    isForm(contentType) ? request.getDecodedFormParameters() : new MultivaluedHashMap<>());
        }
    }

    private TokenRequestRules() {
    }

    static Optional<OAuthError> check(TokenRequest request) {
        if (request.query().containsKey(OAuth2Constants.CLIENT_SECRET)) {
            return reject("client_secret must not be sent in the URL; send it in the request body or HTTP Basic");
        }
        if (!isForm(request.contentType())) {
            return reject("Content-Type must be " + FORM_CONTENT_TYPE);
        }
        MultivaluedMap<String, String> form = request.form();
        Optional<OAuthError> malformed = checkValues(form);
        if (malformed.isPresent()) {
            return malformed;
        }
        String grantType = form.getFirst(OAuth2Constants.GRANT_TYPE);
        if (isBlank(grantType)) {
            return reject("Missing parameter: grant_type");
        }
        if (!OAuth2Constants.CLIENT_CREDENTIALS.equals(grantType)) {
            return Optional.of(OAuthError.unsupportedGrantType());
        }
        return request.authorization() == null ? checkBodyCredentials(form) : checkBasic(request.authorization(), form);
    }

    private static Optional<OAuthError> checkValues(MultivaluedMap<String, String> form) {
        for (var entry : form.entrySet()) {
            for (String value : entry.getValue()) {
                if (value.length() > MAX_PARAMETER_LENGTH || entry.getKey().length() > MAX_PARAMETER_LENGTH) {
                    return reject("Parameter " + abbreviate(entry.getKey()) + " is longer than " + MAX_PARAMETER_LENGTH + " characters");
                }
                if (hasControlCharacter(value) || hasControlCharacter(entry.getKey())) {
                    return reject("Parameter " + abbreviate(entry.getKey()) + " contains control characters");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static String abbreviate(String name) {
        String printable = name.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }

    private static Optional<OAuthError> checkBasic(String authorization, MultivaluedMap<String, String> form) {
        String[] credentials = parseBasic(authorization);
        if (credentials == null) {
            return Optional.of(OAuthError.invalidClient());
        }
        if (form.containsKey(OAuth2Constants.CLIENT_SECRET) || form.containsKey(OAuth2Constants.CLIENT_ASSERTION)) {
            return reject("Use one client authentication method: HTTP Basic or client_secret in the body, not both");
        }
        String bodyClientId = form.getFirst(OAuth2Constants.CLIENT_ID);
        if (bodyClientId != null && !bodyClientId.equals(credentials[0])) {
            return reject("client_id in the body does not match the HTTP Basic credentials");
        }
        return Optional.empty();
    }

    private static Optional<OAuthError> checkBodyCredentials(MultivaluedMap<String, String> form) {
        boolean secret = !isBlank(form.getFirst(OAuth2Constants.CLIENT_SECRET));
        boolean assertion = !isBlank(form.getFirst(OAuth2Constants.CLIENT_ASSERTION));
        if (secret && assertion) {
            return reject("Use one client authentication method: client_secret or client_assertion, not both");
        }
        // RFC 6749 §5.2: no client authentication included is invalid_client, whatever the client.
        if (!secret && !assertion) {
            return Optional.of(OAuthError.clientAuthenticationRequired());
        }
        return Optional.empty();
    }

    /** RFC 6749 §2.3.1 Basic credentials (form-encoded id and secret), or null when the header is not that. */
    static String[] parseBasic(String authorization) {
        try {
            String[] credentials = BasicAuthHelper.RFC6749.parseHeader(authorization);
            return credentials == null || credentials[0].isEmpty() ? null : credentials;
        } catch (IllegalArgumentException malformedEncoding) {
            return null;
        }
    }

    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        return (parameters < 0 ? type : type.substring(0, parameters)).strip().equals(FORM_CONTENT_TYPE);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static Optional<OAuthError> reject(String description) {
        return Optional.of(OAuthError.invalidRequest(description));
    }
}
