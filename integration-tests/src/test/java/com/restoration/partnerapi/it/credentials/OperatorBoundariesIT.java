package com.restoration.partnerapi.it.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.OrdersApi;
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
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * The {@code partner-credentials-operator} role acts on partner clients and on nothing else: not on Keycloak's
 * built-in clients, not on a client that is not marked as a partner, not on a client whose service account holds
 * admin rights (its secret would make the operator a realm administrator). Refusals change nothing and leak nothing.
 */
@ExtendWith(StackExtension.class)
class OperatorBoundariesIT {

    private static TestStack stack;
    private static Operators operators;
    private static PartnerClient http;
    private static String operatorToken;

    @BeforeAll
    static void start(TestStack testStack) {
        stack = testStack;
        operators = new Operators(testStack);
        http = testStack.partner();
        operatorToken = operators.userToken(Partners.uniqueId("operator"), List.of(Operators.OPERATOR_ROLE));
    }

    @Test
    void anOperatorProvisionsAPartnerThatWorksAndRotatesIt() {
        String clientId = Partners.uniqueId("provisioned-by-operator");

        Reply created = operators.postJson(operators.partnersUrl(), operatorToken, "{\"client_id\": \"" + clientId + "\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.json().get("client_secret").asText();
        com.restoration.partnerapi.it.support.SeenSecrets.add(secret);
        OrdersApi api = new OrdersApi(stack);
        assertThat(api.get("/accounts/" + clientId + "/orders", api.token(clientId, secret)).status()).isEqualTo(200);

        Reply rotated = operators.postJson(operators.rotateSecretUrl(clientId), operatorToken, "");

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(authenticate(clientId, secret).status()).isEqualTo(401);
        assertThat(authenticate(clientId, rotated.json().get("client_secret").asText()).status()).isEqualTo(200);
    }

    @Test
    void aClientWhoseServiceAccountHoldsAnAdminRoleIsRefusedEvenWhenMarked() {
        RealmResource realm = stack.admin().realm(KeycloakServer.REALM);
        Partners.Partner automation = Partners.create(stack.admin(), Partners.uniqueId("internal-automation"));
        String serviceAccount = realm.clients().get(automation.id()).getServiceAccountUser().getId();
        ClientRepresentation realmManagement = realm.clients().findByClientId("realm-management").get(0);
        RoleRepresentation manageClients = realm.clients().get(realmManagement.getId()).roles().get("manage-clients").toRepresentation();
        realm.users().get(serviceAccount).roles().clientLevel(realmManagement.getId()).add(List.of(manageClients));

        Reply reply = operators.postJson(operators.rotateSecretUrl(automation.clientId()), operatorToken, "");

        assertRefusedWithoutLeak(reply);
        assertThat(standardToken(automation.clientId(), automation.secret()).status())
                .as("the privileged client's secret still works").isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin-cli", "realm-management", "broker", "account", "security-admin-console", "orders-service"})
    void builtInAndInfrastructureClientsAreNoPartners(String clientId) {
        String ordersServiceSecret = stack.keycloak().ordersServiceSecret();

        Reply reply = operators.postJson(operators.rotateSecretUrl(clientId), operatorToken, "");

        assertRefusedWithoutLeak(reply);
        assertThat(stack.keycloak().ordersServiceSecret()).isEqualTo(ordersServiceSecret);
    }

    @Test
    void aClientNotMarkedAsPartnerIsRefusedLikeOneThatDoesNotExist() {
        Partners.Partner unmarked = Partners.createUnmarked(stack.admin(), Partners.uniqueId("unmarked"), client -> { });

        Reply reply = operators.postJson(operators.rotateSecretUrl(unmarked.clientId()), operatorToken, "");
        Reply unknown = operators.postJson(operators.rotateSecretUrl("no-such-client"), operatorToken, "");

        assertRefusedWithoutLeak(reply);
        assertThat(reply.body()).isEqualTo(unknown.body());
        assertThat(standardToken(unmarked.clientId(), unmarked.secret()).status()).isEqualTo(200);
    }

    @Test
    void theOperatorRoleOpensNothingElseOfTheAdminApi() {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("not-readable"));
        String base = stack.keycloak().baseUrl() + "/admin/realms/" + KeycloakServer.REALM;

        for (String path : List.of("/clients", "/clients/" + acme.id(), "/clients/" + acme.id() + "/client-secret", "/users", "/roles")) {
            assertThat(operators.getWithToken(base + path, operatorToken).status()).as(path).isEqualTo(403);
        }
        assertThat(operators.postJson(base + "/clients/" + acme.id() + "/client-secret", operatorToken, "").status()).isEqualTo(403);
    }

    @Test
    void theMasterRealmHasNoPartnerApi() {
        String master = stack.keycloak().baseUrl() + "/admin/realms/master/partner-api";

        assertThat(operators.postJson(master + "/clients/admin-cli/rotate-secret", operators.adminToken(), "").status()).isEqualTo(404);
        assertThat(operators.postJson(master + "/partners", operators.adminToken(), "{\"client_id\": \"x\"}").status()).isEqualTo(404);
        assertThat(http.postForm(stack.keycloak().baseUrl() + "/realms/master/partner-api/authenticate",
                PartnerClient.form("client_id", "admin-cli", "client_secret", "x", "grant_type", "client_credentials"),
                Map.of()).status()).isEqualTo(404);
    }

    private static void assertRefusedWithoutLeak(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(404);
        assertThat(reply.body()).doesNotContain("client_secret");
    }

    private static Reply authenticate(String clientId, String secret) {
        return http.authenticate("client_id", clientId, "client_secret", secret, "grant_type", "client_credentials");
    }

    private static Reply standardToken(String clientId, String secret) {
        return http.postForm(http.standardTokenUrl(),
                PartnerClient.form("client_id", clientId, "client_secret", secret, "grant_type", "client_credentials"), Map.of());
    }
}
