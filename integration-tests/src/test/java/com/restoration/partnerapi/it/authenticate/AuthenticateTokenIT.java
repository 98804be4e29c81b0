package com.restoration.partnerapi.it.authenticate;

import static com.restoration.partnerapi.it.support.PartnerClient.basic;
import static com.restoration.partnerapi.it.support.PartnerClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.restoration.partnerapi.it.support.Jwks;
import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StackExtension.class)
class AuthenticateTokenIT {

    private static TestStack stack;
    private static PartnerClient partner;

    @BeforeAll
    static void start(TestStack testStack) {
        stack = testStack;
        partner = testStack.partner();
    }

    private static String demoSecret() {
        return stack.keycloak().demoPartnerSecret();
    }

    @Test
    void issuesDocumentedTokenResponseForBodyCredentials() {
        Reply reply = partner.authenticate(
                "client_id", "demo-partner", "client_secret", demoSecret(), "grant_type", "client_credentials");

        assertDocumentedTokenResponse(reply);
    }

    @Test
    void issuesTokenForHttpBasicCredentials() {
        Reply reply = partner.postForm(partner.authenticateUrl(), form("grant_type", "client_credentials"),
                Map.of("Authorization", basic("demo-partner", demoSecret())));

        assertDocumentedTokenResponse(reply);
    }

    @Test
    void acceptsTheDocumentationsCurlBodyWithItsLineBreaksAndIndentation() {
        // What `curl -d '...'` sends for the example in partner-authentication.md once continuations are added.
        String body = "\n        client_id=demo-partner&\n        client_secret=" + demoSecret()
                + "&\n        grant_type=client_credentials\n    ";

        assertDocumentedTokenResponse(partner.postForm(partner.authenticateUrl(), body, Map.of()));
    }

    @Test
    void tokenIsAnRs256JwtForTheOrdersServiceThatVerifiesAgainstTheRealmJwks() {
        Reply reply = partner.authenticate(
                "client_id", "demo-partner", "client_secret", demoSecret(), "grant_type", "client_credentials");

        JWTClaimsSet claims = Jwks.verify(stack.keycloak(), reply.json().get("access_token").asText());
        assertThat(claims.getIssuer()).isEqualTo(stack.keycloak().realmUrl());
        assertThat(claims.getClaim("azp")).isEqualTo("demo-partner");
        assertThat(claims.getAudience()).contains("orders-service");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(3_600_000L);
        assertThat(claims.getClaim("scope").toString().split(" ")).contains("orders:read", "orders:write");
        // Only what a partner API needs: no user-profile, role or client-address claims.
        assertThat(claims.getClaims().keySet()).doesNotContain(
                "realm_access", "resource_access", "preferred_username", "email", "email_verified",
                "clientHost", "clientAddress", "allowed-origins", "acr", "given_name", "name");
    }

    @Test
    void demoPartnerSecretComesFromTheEnvironmentNotTheBuiltInDefault() {
        Reply reply = partner.authenticate("client_id", "demo-partner", "client_secret", "dev-only-demo-partner-secret",
                "grant_type", "client_credentials");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void partnerCreatedLaterThroughTheAdminApiWithDefaultsGetsTheSameContract() {
        Partners.Partner created = Partners.create(stack.admin(), Partners.uniqueId("acme"));

        Reply reply = partner.authenticate("client_id", created.clientId(), "client_secret", created.secret(),
                "grant_type", "client_credentials");

        assertDocumentedTokenResponse(reply);
        JWTClaimsSet claims = Jwks.verify(stack.keycloak(), reply.json().get("access_token").asText());
        assertThat(claims.getClaim("azp")).isEqualTo(created.clientId());
        assertThat(claims.getAudience()).contains("orders-service");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(3_600_000L);
    }

    static void assertDocumentedTokenResponse(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.http().headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(reply.http().headers().allValues("Pragma")).containsExactly("no-cache");
        JsonNode body = reply.json();
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("access_token", "token_type", "expires_in");
        assertThat(body.get("access_token").asText()).isNotBlank();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").isIntegralNumber()).isTrue();
        assertThat(body.get("expires_in").asInt()).isEqualTo(3600);
    }
}
