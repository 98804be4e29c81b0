package com.restoration.partnerapi.it.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.AdminEventRepresentation;

@ExtendWith(StackExtension.class)
class RotateSecretIT {

    private static TestStack stack;
    private static Operators operators;
    private static PartnerClient partner;

    @BeforeAll
    static void start(TestStack testStack) {
        stack = testStack;
        operators = new Operators(testStack);
        partner = testStack.partner();
    }

    @Test
    void rotationStopsTheOldSecretAtOnceAndTheNewOneWorks() {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("rotate"));

        Reply rotated = operators.postJson(operators.rotateSecretUrl(acme.clientId()), operators.adminToken(), "");

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.header("Cache-Control")).isEqualTo("no-store");
        assertThat(rotated.json().get("client_id").asText()).isEqualTo(acme.clientId());
        String newSecret = rotated.json().get("client_secret").asText();
        assertThat(newSecret).isNotBlank().isNotEqualTo(acme.secret());
        assertThat(Instant.parse(rotated.json().get("rotated_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(rotated.json().has("previous_secret_expires_at")).isFalse();
        assertThat(Instant.parse(rotated.json().get("tokens_revoked_before").asText()))
                .as("in force when the answer arrives").isBeforeOrEqualTo(Instant.now());

        assertThat(authenticate(acme.clientId(), acme.secret()).status()).isEqualTo(401);
        assertThat(authenticate(acme.clientId(), acme.secret()).json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(authenticate(acme.clientId(), newSecret).status()).isEqualTo(200);
    }

    @Test
    void rotationPublishesANotBeforeTimeForTheClient() {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("published"));
        long before = Instant.now().getEpochSecond() - 1;

        operators.postJson(operators.rotateSecretUrl(acme.clientId()), operators.adminToken(), "{}");

        Reply revocations = operators.revocations();
        assertThat(revocations.status()).isEqualTo(200);
        assertThat(revocations.json().get("clients").get(acme.clientId()).asLong()).isGreaterThanOrEqualTo(before);
    }

    @Test
    void regenerateThroughKeycloaksOwnAdminApiAlsoRevokesOutstandingTokens() {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("regenerate"));
        assertThat(operators.revocations().json().get("clients").has(acme.clientId())).isFalse();

        String newSecret = stack.admin().realm(KeycloakServer.REALM).clients().get(acme.id()).generateNewSecret().getValue();
        com.restoration.partnerapi.it.support.SeenSecrets.add(newSecret);

        assertThat(authenticate(acme.clientId(), acme.secret()).status()).isEqualTo(401);
        assertThat(authenticate(acme.clientId(), newSecret).status()).isEqualTo(200);
        assertThat(operators.revocations().json().get("clients").get(acme.clientId()).asLong())
                .isGreaterThan(0);
    }

    @Test
    void gracePeriodKeepsBothSecretsWorkingUntilItEnds() throws InterruptedException {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("grace"));

        Reply rotated = operators.postJson(operators.rotateSecretUrl(acme.clientId()), operators.adminToken(),
                "{\"grace_period_seconds\": 3}");

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String newSecret = rotated.json().get("client_secret").asText();
        Instant expires = Instant.parse(rotated.json().get("previous_secret_expires_at").asText());
        assertThat(expires).isAfter(Instant.now());
        assertThat(authenticate(acme.clientId(), acme.secret()).status()).isEqualTo(200);
        assertThat(authenticate(acme.clientId(), newSecret).status()).isEqualTo(200);
        // A planned rotation revokes nothing.
        assertThat(rotated.json().has("tokens_revoked_before")).isFalse();
        assertThat(operators.revocations().json().get("clients").has(acme.clientId())).isFalse();

        Thread.sleep(Math.max(0, expires.toEpochMilli() - System.currentTimeMillis()) + 2_000);

        assertThat(authenticate(acme.clientId(), acme.secret()).status()).isEqualTo(401);
        assertThat(authenticate(acme.clientId(), newSecret).status()).isEqualTo(200);
    }

    @Test
    void rejectsAGracePeriodOutOfBoundsOrABadBodyAndChangesNothing() {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("bad-body"));

        for (String body : List.of("{\"grace_period_seconds\": 604801}", "{\"grace_period_seconds\": -1}",
                "{\"grace_period_seconds\": \"soon\"}", "{\"grace\": 10}", "not json", "[1]")) {
            Reply reply = operators.postJson(operators.rotateSecretUrl(acme.clientId()), operators.adminToken(), body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.json().get("errorMessage").asText()).isNotBlank();
        }
        assertThat(authenticate(acme.clientId(), acme.secret()).status()).isEqualTo(200);
    }

    @Test
    void answers404ForAnUnknownClient() {
        Reply reply = operators.postJson(operators.rotateSecretUrl("no-such-partner"), operators.adminToken(), "");

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void refusesCallersWithoutRightsAndChangesNothing() {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("guarded"));
        String partnerToken = operators.partnerToken(acme.clientId(), acme.secret());
        String plainUserToken = operators.userToken(Partners.uniqueId("nobody"), List.of());

        assertThat(operators.postJson(operators.rotateSecretUrl(acme.clientId()), null, "").status()).isEqualTo(401);
        assertThat(operators.postJson(operators.rotateSecretUrl(acme.clientId()), "not-a-token", "").status()).isEqualTo(401);
        assertThat(operators.postJson(operators.rotateSecretUrl(acme.clientId()), partnerToken, "").status()).isEqualTo(403);
        assertThat(operators.postJson(operators.rotateSecretUrl(acme.clientId()), plainUserToken, "").status()).isEqualTo(403);
        // No existence oracle either: an unknown client is 403 too for them.
        assertThat(operators.postJson(operators.rotateSecretUrl("no-such-partner"), partnerToken, "").status()).isEqualTo(403);

        assertThat(authenticate(acme.clientId(), acme.secret()).status()).isEqualTo(200);
        assertThat(operators.revocations().json().get("clients").has(acme.clientId())).isFalse();
    }

    @Test
    void theNarrowerOperatorRoleMayRotate() {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("by-operator"));
        String operatorToken = operators.userToken(Partners.uniqueId("operator"), List.of(Operators.OPERATOR_ROLE));

        Reply rotated = operators.postJson(operators.rotateSecretUrl(acme.clientId()), operatorToken, "");

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(authenticate(acme.clientId(), rotated.json().get("client_secret").asText()).status()).isEqualTo(200);
    }

    @Test
    void recordsAnAdminEventWithoutTheSecret() {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("audited"));

        Reply rotated = operators.postJson(operators.rotateSecretUrl(acme.clientId()), operators.adminToken(), "");

        List<AdminEventRepresentation> events = stack.admin().realm(KeycloakServer.REALM)
                .getAdminEvents(List.of("ACTION"), null, null, null, null,
                        "partner-api/clients/" + acme.clientId() + "/rotate-secret", null, null, 0, 10);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getResourceType()).isEqualTo("CLIENT");
        String newSecret = rotated.json().get("client_secret").asText();
        assertThat(String.valueOf(events.get(0).getRepresentation())).doesNotContain(newSecret, acme.secret());
    }

    private static Reply authenticate(String clientId, String secret) {
        return partner.authenticate("client_id", clientId, "client_secret", secret, "grant_type", "client_credentials");
    }
}
