package com.restoration.partnerapi.it.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.SeenSecrets;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * Every way a partner's credentials die revokes the tokens they issued, at orders-service, within 10 s: the
 * operators' rotation, the end of a rotation's grace period (only the tokens the previous secret got), the client
 * disabled, deleted, renamed, or given a secret through Keycloak's admin API (an update, the console's Regenerate); a client created again under a deleted client's client_id does not inherit
 * its tokens; and a token fetched right after the change is never born revoked. (While Keycloak is down:
 * {@code faults/KeycloakRestartIT}.)
 */
@ExtendWith(StackExtension.class)
class CredentialLossRevocationIT {

    private static final Duration PROMISE = Duration.ofSeconds(10);

    private static TestStack stack;
    private static OrdersApi api;

    @BeforeAll
    static void start(TestStack testStack) {
        stack = testStack;
        api = new OrdersApi(testStack);
    }

    @Test
    void rotatingTheSecretStopsItAndRevokesTheTokensItIssued() {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("rotated"));
        String token = workingToken(partner);

        Operators operators = new Operators(stack);
        String newSecret = operators.postJson(operators.rotateSecretUrl(partner.clientId()), operators.adminToken(), "")
                .json().get("client_secret").asText();
        SeenSecrets.add(newSecret);

        assertThat(api.authenticate(partner.clientId(), partner.secret()).json().get("error").asText()).isEqualTo("invalid_client");
        assertRevoked("rotation", partner.clientId(), token);
        assertThat(status(partner.clientId(), api.token(partner.clientId(), newSecret))).isEqualTo(200);
    }

    @Test
    void theEndOfAGracePeriodRevokesTheTokensThePreviousSecretGotAndNoOthers() throws InterruptedException {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("grace-ended"));
        Operators operators = new Operators(stack);
        String newSecret = operators.postJson(operators.rotateSecretUrl(partner.clientId()), operators.adminToken(),
                "{\"grace_period_seconds\": 4}").json().get("client_secret").asText();
        SeenSecrets.add(newSecret);
        String previousSecretsToken = workingToken(partner);
        // The new secret's token is a second younger than the previous secret's last use.
        Thread.sleep(1_100);
        String newSecretsToken = api.token(partner.clientId(), newSecret);

        // The grace period (4 s), then Keycloak's look for ended grace periods (every 5 s).
        Duration refusedAfter = api.awaitRefused(partner.clientId(), previousSecretsToken, Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("the previous secret's token outlived its grace period"));
        System.out.printf("revocation at the end of a grace period: refused %d ms after the rotation's grace began%n",
                refusedAfter.toMillis() + 1_100);
        assertThat(status(partner.clientId(), newSecretsToken)).isEqualTo(200);
        assertThat(api.authenticate(partner.clientId(), partner.secret()).status()).isEqualTo(401);
    }

    @Test
    void disablingAClientRevokesItsTokens() {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("disabled"));
        String token = workingToken(partner);

        update(partner, client -> client.setEnabled(false));

        assertRevoked("disable", partner.clientId(), token);
        assertThat(api.authenticate(partner.clientId(), partner.secret()).status()).isEqualTo(401);
    }

    @Test
    void deletingAClientRevokesItsTokens() {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("deleted"));
        String token = workingToken(partner);

        client(partner).remove();

        assertRevoked("delete", partner.clientId(), token);
    }

    @Test
    void aSecretSetThroughAClientUpdateRevokesTokensOfTheOldOne() {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("updated"));
        String token = workingToken(partner);
        String newSecret = "it-updated-" + UUID.randomUUID();
        SeenSecrets.add(newSecret);

        update(partner, client -> client.setSecret(newSecret));

        assertRevoked("update with secret", partner.clientId(), token);
        assertThat(status(partner.clientId(), api.token(partner.clientId(), newSecret))).isEqualTo(200);
    }

    @Test
    void anUpdateThatKeepsTheSecretRevokesNothing() throws InterruptedException {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("saved"));
        String token = workingToken(partner);

        // The whole client, its secret unchanged.
        update(partner, client -> client.setDescription("saved in the console"));
        Thread.sleep(4_000); // two of orders-service's polls

        assertThat(status(partner.clientId(), token)).isEqualTo(200);
    }

    @Test
    void removingADefaultScopeRevokesTheTokensThatCarryIt() {
        // "To make a read-only partner, remove orders:write": its write-capable tokens must not live on for an hour.
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("made-read-only"));
        String token = workingToken(partner);
        String ordersWrite = stack.admin().realm(KeycloakServer.REALM).clientScopes().findAll().stream()
                .filter(scope -> scope.getName().equals("orders:write")).findFirst().orElseThrow().getId();

        client(partner).removeDefaultClientScope(ordersWrite);

        assertRevoked("a default scope removed", partner.clientId(), token);
        assertThat(status(partner.clientId(), api.token(partner.clientId(), partner.secret()))).isEqualTo(200);
    }

    @Test
    void disablingTheServiceAccountRevokesTheClientsTokens() {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("sa-disabled"));
        String token = workingToken(partner);

        var serviceAccount = client(partner).getServiceAccountUser();
        serviceAccount.setEnabled(false);
        stack.admin().realm(KeycloakServer.REALM).users().get(serviceAccount.getId()).update(serviceAccount);

        assertRevoked("service account disabled", partner.clientId(), token);
        // The right secret gets no token: a 401 with RFC 6749's challenge, as every 401 of /authenticate.
        var refused = api.authenticate(partner.clientId(), partner.secret());
        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(refused.body()).doesNotContain("access_token");
    }

    @Test
    void turningServiceAccountsOffRevokesTheClientsTokens() {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("sa-off"));
        String token = workingToken(partner);

        update(partner, client -> client.setServiceAccountsEnabled(false));

        assertRevoked("service accounts turned off", partner.clientId(), token);
    }

    @Test
    void renamingAClientRevokesTheTokensOfItsFormerClientId() {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("renamed"));
        String token = workingToken(partner);

        update(partner, client -> client.setClientId(partner.clientId() + "-new"));

        assertRevoked("rename", partner.clientId(), token);
    }

    @Test
    void aClientCreatedAgainUnderADeletedClientIdDoesNotInheritItsTokens() {
        String clientId = Partners.uniqueId("recreated");
        Partners.Partner first = Partners.create(stack.admin(), clientId);
        String oldToken = workingToken(first);

        client(first).remove();
        Partners.Partner second = Partners.create(stack.admin(), clientId);
        String newToken = api.token(clientId, second.secret());

        assertRevoked("delete and recreate", clientId, oldToken);
        assertThat(status(clientId, newToken)).as("the new client's own token").isEqualTo(200);
    }

    @Test
    void tokensFetchedRightAfterRegenerateAreAccepted() {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("regenerate-now"));
        String oldToken = workingToken(partner);

        String newSecret = client(partner).generateNewSecret().getValue();
        SeenSecrets.add(newSecret);
        List<String> fresh = api.tokens(partner.clientId(), newSecret, 3);

        assertRevoked("Regenerate", partner.clientId(), oldToken);
        for (String token : fresh) {
            assertThat(status(partner.clientId(), token)).as("a token fetched right after Regenerate").isEqualTo(200);
        }
    }

    @Test
    void otherRealmsAreLeftToKeycloakAlone() {
        // The extension serves the partners realm only: a Regenerate in master sets no not-before and logs nothing.
        String id = Partners.createUnmarked(stack.admin(), "master", Partners.uniqueId("master-regenerated"), client -> { }).id();
        var master = stack.admin().realm("master");
        try {
            SeenSecrets.add(master.clients().get(id).generateNewSecret().getValue());

            assertThat(master.clients().get(id).toRepresentation().getNotBefore()).isZero();
            assertThat(master.toRepresentation().getAttributes()).noneSatisfy((name, value) ->
                    assertThat(name).startsWith("partner-api."));
        } finally {
            master.clients().get(id).remove();
        }
    }

    /** What the console's Save does: the whole client, as read, with one change. */
    private static void update(Partners.Partner partner, Consumer<ClientRepresentation> change) {
        ClientRepresentation client = client(partner).toRepresentation();
        change.accept(client);
        client(partner).update(client);
    }

    private static ClientResource client(Partners.Partner partner) {
        return stack.admin().realm(KeycloakServer.REALM).clients().get(partner.id());
    }

    private static String workingToken(Partners.Partner partner) {
        String token = api.token(partner.clientId(), partner.secret());
        assertThat(status(partner.clientId(), token)).isEqualTo(200);
        return token;
    }

    private static int status(String clientId, String token) {
        return api.listStatus(clientId, token);
    }

    private static void assertRevoked(String what, String clientId, String token) {
        Duration refusedAfter = api.awaitRefused(clientId, token, PROMISE)
                .orElseThrow(() -> new AssertionError(what + ": the old token is still accepted after " + PROMISE));
        System.out.printf("revocation after %s: old token refused after %d ms%n", what, refusedAfter.toMillis());
        assertThat(api.get("/accounts/" + clientId + "/orders", token).header("WWW-Authenticate")).contains("invalid_token");
    }
}
