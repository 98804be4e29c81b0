package com.restoration.partnerapi.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.restoration.partnerapi.it.support.AdminApi;
import com.restoration.partnerapi.it.support.Dashboard;
import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.Load;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.StaffLogin;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The dashboard's API as an attacker would try it: a partner's staff member sees and touches only their own
 * partner's clients, whatever client_id they put in the URL; a user of no partner sees nothing; tokens of anyone
 * but a logged-in person through the dashboard's client are refused; staff cannot call the operators' endpoints;
 * a reveal or rotation needs a recent login and is an admin event that names who and which client, never the secret.
 * The page itself, in a browser: PartnerDashboardIT.
 */
@ExtendWith(StackExtension.class)
class DashboardAccessIT {

    private static final String PASSWORD = "staff-test-password-1";

    @Test
    void staffSeeAndRevealTheirOwnPartnersClientsOnly(TestStack stack) {
        Operators operators = new Operators(stack);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("dash-acme"));
        Partner globex = Partners.create(stack.admin(), Partners.uniqueId("dash-globex"));
        String ana = email("ana");
        StaffLogin.setPassword(stack.admin(), operators.addStaff(acme.clientId(), ana), PASSWORD);
        String anaToken = login(stack).accessToken(ana, PASSWORD);
        // A token, and a wrong secret from another address: what the card shows as last use and recent failures.
        assertThat(stack.partner().authenticate("client_id", acme.clientId(), "client_secret", acme.secret(),
                "grant_type", "client_credentials").status()).isEqualTo(200);
        stack.partner().postForm(stack.partner().authenticateUrl(), PartnerClient.form(
                "client_id", acme.clientId(), "client_secret", "a-guess", "grant_type", "client_credentials"),
                Map.of("X-Forwarded-For", "10.63.0.1"));

        Reply overview = api(stack, "GET", "/clients", anaToken);
        assertThat(overview.status()).as(overview.body()).isEqualTo(200);
        assertThat(overview.header("Cache-Control")).isEqualTo("no-store");
        JsonNode clients = overview.json().get("clients");
        assertThat(clients).hasSize(1);
        assertThat(clients.get(0).get("client_id").asText()).isEqualTo(acme.clientId());
        assertThat(clients.get(0).get("secret_masked").asText()).endsWith(acme.secret().substring(acme.secret().length() - 4))
                .doesNotContain(acme.secret());
        assertThat(overview.body()).doesNotContain(acme.secret()).doesNotContain(globex.clientId());
        assertThat(overview.json().at("/partner/alias").asText()).isEqualTo(acme.clientId());
        assertThat(clients.get(0).get("last_used_at").asText()).startsWith(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(clients.get(0).get("failed_authentications")).anySatisfy(failure ->
                assertThat(failure.get("address").asText()).isEqualTo("10.63.0.1"));

        Reply revealed = api(stack, "POST", "/clients/" + acme.clientId() + "/reveal", anaToken);
        assertThat(revealed.status()).isEqualTo(200);
        assertThat(revealed.json().get("client_secret").asText()).isEqualTo(acme.secret());

        // Another partner's client, one that does not exist, and path tricks: the same 404, nothing changed.
        for (String clientId : List.of(globex.clientId(), "no-such-client", acme.clientId() + "%2F..%2F" + globex.clientId())) {
            for (String action : List.of("reveal", "rotate")) {
                Reply refused = api(stack, "POST", "/clients/" + clientId + "/" + action, anaToken);
                assertThat(refused.status()).as("%s %s: %s", action, clientId, refused.body()).isIn(400, 404);
                assertThat(refused.body()).doesNotContain(globex.secret());
            }
        }
        assertThat(secretOf(stack, globex)).isEqualTo(globex.secret());
        assertThat(stack.partner().authenticate("client_id", globex.clientId(), "client_secret", globex.secret(),
                "grant_type", "client_credentials").status()).isEqualTo(200);
    }

    @Test
    void aUserOfNoPartnerSeesNothingAndOnlyDashboardLoginsAreAccepted(TestStack stack) {
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("dash-nobody"));
        String nobody = email("nobody");
        String userId = createUser(stack, nobody);
        StaffLogin.setPassword(stack.admin(), userId, PASSWORD);
        String nobodyToken = login(stack).accessToken(nobody, PASSWORD);

        Reply overview = api(stack, "GET", "/clients", nobodyToken);
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.json().get("partner").isNull()).isTrue();
        assertThat(overview.json().get("clients")).isEmpty();
        assertThat(api(stack, "POST", "/clients/" + acme.clientId() + "/reveal", nobodyToken).status()).isEqualTo(404);

        // A partner's own service-account token, the master admin's, none, a forged one: 401 with a Bearer challenge.
        String partnerToken = new OrdersApi(stack).token(acme.clientId(), acme.secret());
        String adminToken = stack.admin().tokenManager().getAccessTokenString();
        for (String token : new String[] {partnerToken, adminToken, null, nobodyToken.substring(0, nobodyToken.length() - 3) + "abc"}) {
            Reply refused = api(stack, "GET", "/clients", token);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void staffCannotCallTheOperatorsEndpointsNorKeycloaksAdminApi(TestStack stack) {
        Operators operators = new Operators(stack);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("dash-not-operator"));
        String ana = email("ana-op");
        StaffLogin.setPassword(stack.admin(), operators.addStaff(acme.clientId(), ana), PASSWORD);
        String anaToken = login(stack).accessToken(ana, PASSWORD);

        Reply rotate = operators.postJson(operators.rotateSecretUrl(acme.clientId()), anaToken, "");
        Reply addStaff = operators.postJson(operators.staffUrl(acme.clientId()), anaToken, "{\"email\": \"" + email("mallory") + "\"}");
        Reply clients = stack.partner().send(HttpRequest.newBuilder(URI.create(stack.keycloak().baseUrl()
                + "/admin/realms/partners/clients")).header("Authorization", "Bearer " + anaToken).GET().build());

        assertThat(rotate.status()).isIn(401, 403);
        assertThat(addStaff.status()).isIn(401, 403);
        assertThat(clients.status()).isIn(401, 403);
        assertThat(secretOf(stack, acme)).isEqualTo(acme.secret());
    }

    @Test
    void theOperatorsCallAddsStaffToThePartnersOrganizationOnce(TestStack stack) {
        Operators operators = new Operators(stack);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("dash-org"));
        String ana = email("ana-org");

        Reply first = operators.postJson(operators.staffUrl(acme.clientId()), operators.adminToken(),
                "{\"email\": \"" + ana + "\", \"first_name\": \"Ana\"}");
        Reply again = operators.postJson(operators.staffUrl(acme.clientId()), operators.adminToken(), "{\"email\": \"" + ana + "\"}");
        Reply badEmail = operators.postJson(operators.staffUrl(acme.clientId()), operators.adminToken(), "{\"email\": \"not an address\"}");
        Reply unknownField = operators.postJson(operators.staffUrl(acme.clientId()), operators.adminToken(),
                "{\"email\": \"" + email("x") + "\", \"role\": \"admin\"}");
        Reply notAPartner = operators.postJson(operators.staffUrl("no-such-partner"), operators.adminToken(), "{\"email\": \"" + email("y") + "\"}");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("user_created").asBoolean()).isTrue();
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("user_created").asBoolean()).isFalse();
        assertThat(again.json().get("user_id").asText()).isEqualTo(first.json().get("user_id").asText());
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(notAPartner.status()).isEqualTo(404);

        List<OrganizationRepresentation> organizations = stack.admin().realm(KeycloakServer.REALM).organizations()
                .search(acme.clientId(), true, 0, 10);
        assertThat(organizations).hasSize(1);
        assertThat(stack.admin().realm(KeycloakServer.REALM).organizations().get(organizations.get(0).getId())
                .toRepresentation().getAttributes()).containsEntry("partner-api.client", List.of(acme.clientId()));
        assertThat(stack.admin().realm(KeycloakServer.REALM).organizations().get(organizations.get(0).getId())
                .members().getAll()).extracting(member -> member.getEmail()).containsExactly(ana);
    }

    @Test
    void staffAreFoundByUsernameNeverByAnEmailSomeoneChoseNorAmongAdministrators(TestStack stack) {
        Operators operators = new Operators(stack);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("dash-squat"));
        String ana = email("ana-squat");
        // Mallory, a user of the realm, gives herself the address Ana will be invited with.
        String mallory = createUser(stack, email("mallory"));
        UserRepresentation squatter = stack.admin().realm(KeycloakServer.REALM).users().get(mallory).toRepresentation();
        squatter.setEmail(ana);
        stack.admin().realm(KeycloakServer.REALM).users().get(mallory).update(squatter);

        Reply invited = operators.postJson(operators.staffUrl(acme.clientId()), operators.adminToken(), "{\"email\": \"" + ana + "\"}");
        Reply operatorAsStaff = operators.postJson(operators.staffUrl(acme.clientId()), operators.adminToken(),
                "{\"email\": \"" + operatorWithAddress(stack) + "\"}");

        assertThat(invited.status()).as(invited.body()).isEqualTo(409);
        assertThat(operatorAsStaff.status()).as(operatorAsStaff.body()).isEqualTo(409);
        assertThat(stack.admin().realm(KeycloakServer.REALM).organizations().search(acme.clientId(), true, 0, 10)).isEmpty();
    }

    @Test
    void aDeletedClientLeavesItsOrganizationAndItsClientIdIsNotHandedOnToItsStaff(TestStack stack) {
        Operators operators = new Operators(stack);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("dash-reused"));
        String ana = email("ana-reused");
        StaffLogin.setPassword(stack.admin(), operators.addStaff(acme.clientId(), ana), PASSWORD);

        stack.admin().realm(KeycloakServer.REALM).clients().get(acme.id()).remove();
        Reply recreated = operators.postJson(operators.partnersUrl(), operators.adminToken(),
                "{\"client_id\": \"" + acme.clientId() + "\"}");
        String anaToken = login(stack).accessToken(ana, PASSWORD);

        assertThat(recreated.status()).as("a new partner under the old client_id: %s", recreated.body()).isEqualTo(201);
        assertThat(api(stack, "GET", "/clients", anaToken).json().get("clients")).isEmpty();
        assertThat(api(stack, "POST", "/clients/" + acme.clientId() + "/reveal", anaToken).status()).isEqualTo(404);
    }

    /** A user of the realm holding the operators' role, with an e-mail address as username. */
    private static String operatorWithAddress(TestStack stack) {
        String address = email("operator");
        String id = createUser(stack, address);
        var role = stack.admin().realm(KeycloakServer.REALM).roles().get(Operators.OPERATOR_ROLE).toRepresentation();
        stack.admin().realm(KeycloakServer.REALM).users().get(id).roles().realmLevel().add(List.of(role));
        return address;
    }

    @Test
    void aRevealNeedsARecentLoginAndEveryRevealAndRotationIsAnEventWithoutTheSecret(TestStack stack) {
        Operators operators = new Operators(stack);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("dash-audit"));
        String ana = email("ana-audit");
        String anaId = operators.addStaff(acme.clientId(), ana);
        StaffLogin.setPassword(stack.admin(), anaId, PASSWORD);
        StaffLogin browser = login(stack);
        String token = browser.accessToken(ana, PASSWORD);
        long since = System.currentTimeMillis();

        assertThat(api(stack, "POST", "/clients/" + acme.clientId() + "/reveal", token).status()).isEqualTo(200);
        Reply rotated = api(stack, "POST", "/clients/" + acme.clientId() + "/rotate", token, "{\"grace_period_seconds\": 0}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String newSecret = rotated.json().get("client_secret").asText();
        assertThat(newSecret).isNotEqualTo(acme.secret());
        assertThat(rotated.json().get("tokens_revoked_before").isNull()).isFalse();
        assertThat(stack.partner().authenticate("client_id", acme.clientId(), "client_secret", acme.secret(),
                "grant_type", "client_credentials").status()).isEqualTo(401);

        // Past the re-authentication window, a reveal asks for a new login (RFC 9470); after one it works.
        Load.pause((Dashboard.REAUTHENTICATION_SECONDS + 2) * 1_000L);
        String stale = browser.accessToken(ana, PASSWORD);
        Reply tooOld = api(stack, "POST", "/clients/" + acme.clientId() + "/reveal", stale);
        assertThat(tooOld.status()).isEqualTo(401);
        assertThat(tooOld.json().get("error").asText()).isEqualTo("login_required");
        assertThat(tooOld.header("WWW-Authenticate")).contains("insufficient_user_authentication")
                .contains("max_age=" + Dashboard.REAUTHENTICATION_SECONDS);
        assertThat(tooOld.body()).doesNotContain(newSecret);
        String fresh = browser.reauthenticate(ana, PASSWORD);
        Reply revealed = api(stack, "POST", "/clients/" + acme.clientId() + "/reveal", fresh);
        assertThat(revealed.json().get("client_secret").asText()).isEqualTo(newSecret);

        List<AdminEventRepresentation> events = stack.admin().realm(KeycloakServer.REALM)
                .getAdminEvents(null, null, null, null, null, null, null, null, 0, 100).stream()
                .filter(event -> event.getTime() >= since && event.getResourcePath() != null
                        && event.getResourcePath().startsWith("clients/" + acme.id() + "/dashboard/"))
                .toList();
        assertThat(events).extracting(AdminEventRepresentation::getResourcePath).containsExactlyInAnyOrder(
                "clients/" + acme.id() + "/dashboard/reveal-secret",
                "clients/" + acme.id() + "/dashboard/rotate-secret",
                "clients/" + acme.id() + "/dashboard/reveal-secret");
        for (AdminEventRepresentation event : events) {
            assertThat(event.getAuthDetails().getUserId()).isEqualTo(anaId);
            assertThat(event.getDetails()).containsEntry("client_id", acme.clientId());
            assertThat(String.valueOf(event.getRepresentation()) + event.getDetails())
                    .doesNotContain(acme.secret()).doesNotContain(newSecret);
        }
    }

    private static StaffLogin login(TestStack stack) {
        return new StaffLogin(stack.keycloak(), stack.gateway().baseUrl());
    }

    private static String email(String who) {
        return Partners.uniqueId(who) + "@partner.example";
    }

    private static String createUser(TestStack stack, String email) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        user.setFirstName("No");
        user.setLastName("Partner");
        user.setEnabled(true);
        try (var response = stack.admin().realm(KeycloakServer.REALM).users().create(user)) {
            return AdminApi.createdId(response, "Creating user " + email);
        }
    }

    private static String secretOf(TestStack stack, Partner partner) {
        return stack.admin().realm(KeycloakServer.REALM).clients().get(partner.id()).getSecret().getValue();
    }

    private static Reply api(TestStack stack, String method, String path, String token) {
        return api(stack, method, path, token, method.equals("POST") ? "" : null);
    }

    private static Reply api(TestStack stack, String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.gateway().baseUrl() + "/dashboard/api" + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return stack.partner().send(request.build());
    }
}
