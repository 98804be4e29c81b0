package com.restoration.partnerapi.keycloak.authenticate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

class TokenRequestRulesTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void acceptsBodyCredentials() {
        assertThat(check(FORM, null, query(), validForm())).isEmpty();
    }

    @Test
    void acceptsFormContentTypeWithCharset() {
        assertThat(check("Application/X-WWW-Form-Urlencoded; charset=UTF-8", null, query(), validForm())).isEmpty();
    }

    @Test
    void acceptsBasicCredentialsWithMatchingBodyClientId() {
        MultivaluedMap<String, String> form = form("grant_type", "client_credentials", "client_id", "acme");
        assertThat(check(FORM, basic("acme", "s3cret"), query(), form)).isEmpty();
    }

    @Test
    void rejectsSecretInQueryString() {
        assertThat(error(check(FORM, null, form("client_secret", "s3cret"), validForm())))
                .isEqualTo("invalid_request");
    }

    @Test
    void rejectsNonFormContentType() {
        assertThat(error(check("application/json", null, query(), validForm()))).isEqualTo("invalid_request");
        assertThat(error(check(null, null, query(), validForm()))).isEqualTo("invalid_request");
    }

    @Test
    void rejectsMissingGrantType() {
        assertThat(error(check(FORM, null, query(), form("client_id", "acme", "client_secret", "s")))).isEqualTo("invalid_request");
    }

    @Test
    void rejectsOtherGrantTypesAsUnsupported() {
        MultivaluedMap<String, String> form = form("client_id", "acme", "client_secret", "s", "grant_type", "password");
        assertThat(check(FORM, null, query(), form)).get()
                .satisfies(e -> assertThat(e.status()).isEqualTo(Response.Status.BAD_REQUEST))
                .extracting(OAuthError::error).isEqualTo("unsupported_grant_type");
    }

    @Test
    void answersMissingClientAuthenticationAsInvalidClient() {
        // RFC 6749 §5.2: "no client authentication included" is invalid_client, a 401 with a challenge.
        for (MultivaluedMap<String, String> form : List.of(
                form("client_id", "acme", "grant_type", "client_credentials"),
                form("client_id", "acme", "client_secret", "", "grant_type", "client_credentials"),
                form("grant_type", "client_credentials"))) {
            assertThat(check(FORM, null, query(), form)).get()
                    .satisfies(e -> assertThat(e.status()).isEqualTo(Response.Status.UNAUTHORIZED))
                    .extracting(OAuthError::error).isEqualTo("invalid_client");
        }
    }

    @Test
    void rejectsBasicTogetherWithBodySecret() {
        assertThat(error(check(FORM, basic("acme", "s3cret"), query(), validForm()))).isEqualTo("invalid_request");
    }

    @Test
    void rejectsBasicWhoseClientIdDiffersFromTheBody() {
        MultivaluedMap<String, String> form = form("grant_type", "client_credentials", "client_id", "other");
        assertThat(error(check(FORM, basic("acme", "s3cret"), query(), form))).isEqualTo("invalid_request");
    }

    @Test
    void rejectsUnparseableAuthorizationAsInvalidClient() {
        MultivaluedMap<String, String> form = form("grant_type", "client_credentials");
        assertThat(check(FORM, "Bearer abc", query(), form)).get()
                .satisfies(e -> assertThat(e.status()).isEqualTo(Response.Status.UNAUTHORIZED))
                .extracting(OAuthError::error).isEqualTo("invalid_client");
        // A malformed %-escape in the Basic credentials must not escape as an exception.
        String badEscape = "Basic " + Base64.getEncoder().encodeToString("acme%zz:s".getBytes(StandardCharsets.UTF_8));
        assertThat(error(check(FORM, badEscape, query(), form))).isEqualTo("invalid_client");
    }

    @Test
    void rejectsControlCharactersThatTheDatabaseWouldChokeOn() {
        MultivaluedMap<String, String> form = form("client_id", "acme\u0000", "client_secret", "s", "grant_type", "client_credentials");
        assertThat(check(FORM, null, query(), form)).get().extracting(OAuthError::description)
                .isEqualTo("Parameter client_id contains control characters");
    }

    @Test
    void rejectsOversizedParametersInsteadOfDroppingThem() {
        MultivaluedMap<String, String> form = validForm();
        form.add("scope", "x".repeat(TokenRequestRules.MAX_PARAMETER_LENGTH + 1));
        assertThat(error(check(FORM, null, query(), form))).isEqualTo("invalid_request");
    }

    private static Optional<OAuthError> check(String contentType, String authorization,
                                              MultivaluedMap<String, String> query, MultivaluedMap<String, String> form) {
        return TokenRequestRules.check(new TokenRequestRules.TokenRequest(contentType, authorization, query, form));
    }

    private static String error(Optional<OAuthError> error) {
        assertThat(error).isPresent();
        return error.get().error();
    }

    private static MultivaluedMap<String, String> validForm() {
        return form("client_id", "acme", "client_secret", "s3cret", "grant_type", "client_credentials");
    }

    private static MultivaluedMap<String, String> query() {
        return new MultivaluedHashMap<>();
    }

    private static MultivaluedMap<String, String> form(String... pairs) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
