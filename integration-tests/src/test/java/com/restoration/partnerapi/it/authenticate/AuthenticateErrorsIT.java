package com.restoration.partnerapi.it.authenticate;

import static com.restoration.partnerapi.it.support.PartnerClient.basic;
import static com.restoration.partnerapi.it.support.PartnerClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(StackExtension.class)
class AuthenticateErrorsIT {

    private static TestStack stack;
    private static PartnerClient partner;
    private static String secret;

    @BeforeAll
    static void start(TestStack testStack) {
        stack = testStack;
        partner = testStack.partner();
        secret = testStack.keycloak().demoPartnerSecret();
    }

    @Test
    void rejectsWrongSecretWithInvalidClient() {
        Reply reply = partner.authenticate("client_id", "demo-partner", "client_secret", "not-the-secret",
                "grant_type", "client_credentials");

        assertInvalidClient(reply);
    }

    @Test
    void rejectsUnknownClientWithInvalidClient() {
        Reply reply = partner.authenticate("client_id", "no-such-partner", "client_secret", secret,
                "grant_type", "client_credentials");

        assertInvalidClient(reply);
    }

    @Test
    void rejectsWrongBasicCredentialsWithInvalidClient() {
        Reply reply = partner.postForm(partner.authenticateUrl(), form("grant_type", "client_credentials"),
                Map.of("Authorization", basic("demo-partner", "not-the-secret")));

        assertInvalidClient(reply);
    }

    @Test
    void rejectsMalformedAuthorizationHeaderWithInvalidClient() {
        Reply reply = partner.postForm(partner.authenticateUrl(), form("grant_type", "client_credentials"),
                Map.of("Authorization", "Basic %%%not-base64"));

        assertInvalidClient(reply);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "authorization_code", "refresh_token", "implicit",
            "urn:ietf:params:oauth:grant-type:token-exchange", "client_credentials_typo"})
    void rejectsEveryOtherGrantWithUnsupportedGrantType(String grantType) {
        Reply reply = partner.authenticate("client_id", "demo-partner", "client_secret", secret, "grant_type", grantType);

        assertOAuthError(reply, 400, "unsupported_grant_type");
    }

    @Test
    void rejectsMissingGrantTypeWithInvalidRequest() {
        assertOAuthError(partner.authenticate("client_id", "demo-partner", "client_secret", secret), 400, "invalid_request");
    }

    @Test
    void answersMissingClientIdAsNoClientAuthentication() {
        assertInvalidClient(partner.authenticate("client_secret", secret, "grant_type", "client_credentials"));
    }

    @Test
    void answersMissingClientSecretAsNoClientAuthentication() {
        // RFC 6749 §5.2: no client authentication included is invalid_client (401), not a malformed request.
        assertInvalidClient(partner.authenticate("client_id", "demo-partner", "grant_type", "client_credentials"));
    }

    @Test
    void aPublicClientWithoutASecretGetsInvalidClient() {
        Partners.Partner publicClient = Partners.create(stack.admin(), Partners.uniqueId("public-no-secret"),
                client -> client.setPublicClient(true));

        assertInvalidClient(partner.authenticate("client_id", publicClient.clientId(), "grant_type", "client_credentials"));
    }

    @Test
    void rejectsEmptyBodyWithInvalidRequest() {
        assertOAuthError(partner.postForm(partner.authenticateUrl(), "", Map.of()), 400, "invalid_request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_id", "client_secret", "grant_type"})
    void rejectsRepeatedParameterWithInvalidRequest(String repeated) {
        String body = form("client_id", "demo-partner", "client_secret", secret, "grant_type", "client_credentials")
                + "&" + form(repeated, repeated.equals("client_secret") ? secret
                        : repeated.equals("client_id") ? "demo-partner" : "client_credentials");

        assertOAuthError(partner.postForm(partner.authenticateUrl(), body, Map.of()), 400, "invalid_request");
    }

    @Test
    void rejectsTwoAuthenticationMethodsAtOnceWithInvalidRequest() {
        Reply reply = partner.postForm(partner.authenticateUrl(),
                form("client_id", "demo-partner", "client_secret", secret, "grant_type", "client_credentials"),
                Map.of("Authorization", basic("demo-partner", secret)));

        assertOAuthError(reply, 400, "invalid_request");
    }

    @Test
    void refusesASecretInTheQueryStringAndIssuesNoToken() {
        Reply reply = partner.postForm(partner.authenticateUrl() + "?client_secret=" + secret,
                form("client_id", "demo-partner", "grant_type", "client_credentials"), Map.of());

        assertOAuthError(reply, 400, "invalid_request");
        assertThat(reply.json().get("error_description").asText()).contains("URL");
    }

    @Test
    void refusesAllCredentialsInTheQueryStringEvenWithABody() {
        Reply reply = partner.postForm(partner.authenticateUrl()
                        + "?client_id=demo-partner&client_secret=" + secret + "&grant_type=client_credentials",
                form("client_id", "demo-partner", "client_secret", secret, "grant_type", "client_credentials"), Map.of());

        assertOAuthError(reply, 400, "invalid_request");
    }

    @Test
    void rejectsJsonBodyWithInvalidRequest() {
        Reply reply = partner.send(HttpRequest.newBuilder(URI.create(partner.authenticateUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"client_id\":\"demo-partner\",\"client_secret\":\"" + secret + "\",\"grant_type\":\"client_credentials\"}"))
                .build());

        assertOAuthError(reply, 400, "invalid_request");
    }

    @Test
    void answersGetWithMethodNotAllowed() {
        Reply reply = partner.send(HttpRequest.newBuilder(URI.create(partner.authenticateUrl())).GET().build());

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow")).isEqualTo("POST");
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void rejectsClientWithoutServiceAccountWithUnauthorizedClient() {
        Partners.Partner noServiceAccount = Partners.create(stack.admin(), Partners.uniqueId("no-sa"),
                client -> client.setServiceAccountsEnabled(false));

        Reply reply = partner.authenticate("client_id", noServiceAccount.clientId(),
                "client_secret", noServiceAccount.secret(), "grant_type", "client_credentials");

        assertOAuthError(reply, 400, "unauthorized_client");
    }

    @Test
    void rejectsPublicClientWithUnauthorizedClient() {
        Partners.Partner publicClient = Partners.create(stack.admin(), Partners.uniqueId("public"),
                client -> client.setPublicClient(true));

        Reply reply = partner.authenticate("client_id", publicClient.clientId(), "client_secret", "anything",
                "grant_type", "client_credentials");

        assertOAuthError(reply, 400, "unauthorized_client");
    }

    @Test
    void rejectsDisabledClientWithInvalidClient() {
        Partners.Partner disabled = Partners.create(stack.admin(), Partners.uniqueId("disabled"),
                client -> client.setEnabled(false));

        Reply reply = partner.authenticate("client_id", disabled.clientId(), "client_secret", disabled.secret(),
                "grant_type", "client_credentials");

        assertInvalidClient(reply);
    }

    @Test
    void rejectsAnotherClientsSecretWithInvalidClient() {
        Partners.Partner other = Partners.create(stack.admin(), Partners.uniqueId("other"));

        Reply reply = partner.authenticate("client_id", "demo-partner", "client_secret", other.secret(),
                "grant_type", "client_credentials");

        assertInvalidClient(reply);
    }

    static void assertInvalidClient(Reply reply) {
        assertOAuthError(reply, 401, "invalid_client");
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Basic realm=\"partners\"");
    }

    static void assertOAuthError(Reply reply, int status, String error) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(reply.json().get("error").asText()).isEqualTo(error);
        assertThat(reply.json().get("error_description").asText()).isNotBlank();
        assertThat(reply.json().has("access_token")).isFalse();
        assertThat(reply.body()).doesNotContain("Exception", "\tat ");
    }
}
