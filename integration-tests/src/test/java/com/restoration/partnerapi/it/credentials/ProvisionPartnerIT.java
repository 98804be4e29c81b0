package com.restoration.partnerapi.it.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StackExtension.class)
class ProvisionPartnerIT {

    @Test
    void createsAPartnerInOneStepWhoseCredentialsWorkAtOnce(TestStack stack) {
        Operators operators = new Operators(stack);
        String clientId = Partners.uniqueId("provisioned");

        Reply created = operators.postJson(operators.partnersUrl(), operators.adminToken(),
                "{\"client_id\": \"" + clientId + "\", \"name\": \"Provisioned Ltd\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).contains("/admin/realms/partners/clients/");
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        assertThat(created.json().get("client_id").asText()).isEqualTo(clientId);
        String secret = created.json().get("client_secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        Reply token = stack.partner().authenticate("client_id", clientId, "client_secret", secret,
                "grant_type", "client_credentials");
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().get("expires_in").asInt()).isEqualTo(3600);
        var client = stack.admin().realm(KeycloakServer.REALM).clients().findByClientId(clientId).get(0);
        assertThat(client.isServiceAccountsEnabled()).isTrue();
        assertThat(client.isStandardFlowEnabled()).isFalse();
        assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
    }

    @Test
    void creatingTheSamePartnerTwiceIsAConflictNotASecondClient(TestStack stack) {
        Operators operators = new Operators(stack);
        String clientId = Partners.uniqueId("twice");
        String body = "{\"client_id\": \"" + clientId + "\"}";

        assertThat(operators.postJson(operators.partnersUrl(), operators.adminToken(), body).status()).isEqualTo(201);
        Reply second = operators.postJson(operators.partnersUrl(), operators.adminToken(), body);

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body()).doesNotContain("client_secret");
        assertThat(stack.admin().realm(KeycloakServer.REALM).clients().findByClientId(clientId)).hasSize(1);
    }

    @Test
    void rejectsBadRequestsAndCallersWithoutRights(TestStack stack) {
        Operators operators = new Operators(stack);
        String partnerToken = operators.partnerToken("demo-partner", stack.keycloak().demoPartnerSecret());

        for (String body : List.of("{}", "{\"client_id\": \"\"}", "{\"client_id\": \"a/b\"}",
                "{\"client_id\": \"ok\", \"secret\": \"mine\"}", "nope")) {
            assertThat(operators.postJson(operators.partnersUrl(), operators.adminToken(), body).status()).as(body)
                    .isEqualTo(400);
        }
        String clientId = Partners.uniqueId("forbidden");
        assertThat(operators.postJson(operators.partnersUrl(), partnerToken, "{\"client_id\": \"" + clientId + "\"}")
                .status()).isEqualTo(403);
        assertThat(operators.postJson(operators.partnersUrl(), null, "{\"client_id\": \"" + clientId + "\"}")
                .status()).isEqualTo(401);
        assertThat(stack.admin().realm(KeycloakServer.REALM).clients().findByClientId(clientId)).isEmpty();
    }
}
