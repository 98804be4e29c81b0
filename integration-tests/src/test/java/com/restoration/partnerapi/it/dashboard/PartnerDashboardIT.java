package com.restoration.partnerapi.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.restoration.partnerapi.it.dashboard.DashboardSetup.Person;
import com.restoration.partnerapi.it.support.Browser;
import com.restoration.partnerapi.it.support.Browsers;
import com.restoration.partnerapi.it.support.Dashboard;
import com.restoration.partnerapi.it.support.KeycloakLoginPage;
import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import com.restoration.partnerapi.it.walkthrough.JsonShapes;
import com.restoration.partnerapi.it.walkthrough.ShellSnippets;
import com.restoration.partnerapi.it.walkthrough.ShellSnippets.Block;
import com.restoration.partnerapi.it.walkthrough.ShellSnippets.Session;
import com.restoration.partnerapi.it.walkthrough.TestedDocs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The partner dashboard in a real browser (headless Chromium) through the gateway, as a partner's staff member uses
 * it: Keycloak's login page, the partner's client with its secret masked, reveal, rotation, and re-authentication
 * when the login is older than the dashboard's window; and the README's dashboard steps, as ./stack's demo staff
 * member follows them. The screenshots it takes are the docs' (docs/screenshots/, regenerated with
 * -Dit.update.screenshots=true).
 */
@ExtendWith(StackExtension.class)
class PartnerDashboardIT {

    /** What rotation "now" promises: tokens issued before it stop working within seconds. */
    private static final Duration REVOCATION_PROMISE = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** ./stack's values in the README's dashboard steps, each replaced by this run's. */
    private static final String README_BASE_URL = "http://localhost:8080";
    private static final String README_STAFF_PASSWORD = "dev-only-demo-staff-password";
    private static final String README_PARTNER_SECRET = "dev-only-demo-partner-secret";
    private static final List<String> ENDPOINTS = List.of("authorization_endpoint", "token_endpoint", "end_session_endpoint");

    private static TestStack stack;
    private static DashboardSetup setup;
    private static OrdersApi api;
    private static String dashboardUrl;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void start(TestStack testStack) {
        stack = testStack;
        setup = new DashboardSetup(testStack);
        api = new OrdersApi(testStack);
        // The test stack points the dashboard's client at this gateway (Dashboard.allowGateway).
        dashboardUrl = testStack.gateway().baseUrl() + "/dashboard/";
    }

    @Test
    void aMemberRevealsTheSecretThenRotatesItAndOnlyTheNewSecretWorks() {
        Partner acme = setup.provisionPartner("acme", "Acme Restoration");
        Person ana = setup.invite(acme, "Ana");
        String secret = setup.currentSecret(acme);
        String tokenBeforeRotation = api.token(acme.clientId(), secret);
        assertThat(api.listStatus(acme.clientId(), tokenBeforeRotation)).isEqualTo(200);
        Browser browser = browsers.open();
        DashboardPage page = new DashboardPage(browser, dashboardUrl);

        KeycloakLoginPage login = page.open();
        browser.screenshot("dashboard-login");
        login.logIn(ana.username(), ana.password());

        assertThat(page.awaitLoggedIn()).contains(ana.username());
        String masked = page.awaitMaskedSecret(acme.clientId());
        assertThat(masked).doesNotContain(secret).endsWith(secret.substring(secret.length() - 4));
        assertThat(page.clientIds()).containsExactly(acme.clientId());
        browser.screenshot("dashboard-masked-secret");

        page.pressReveal(acme.clientId());
        assertThat(page.awaitRevealedSecret(acme.clientId())).isEqualTo(secret);
        assertThat(browser.currentUrl()).as("a fresh login reveals without logging in again").startsWith(dashboardUrl);
        browser.screenshot("dashboard-revealed-secret");

        assertThat(page.askToRotate(acme.clientId(), "0"))
                .contains("Tokens issued before now stop working within seconds.");
        browser.screenshot("dashboard-rotate-confirmation");
        page.confirmRotation();
        String shown = page.awaitNewSecret(acme.clientId());
        String newSecret = setup.currentSecret(acme);
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(shown).contains(newSecret).doesNotContain(secret);
        assertThat(page.text()).contains("Copy it now: it will not be shown again in full");
        browser.screenshot("dashboard-new-secret");

        assertThat(api.authenticate(acme.clientId(), newSecret).status()).isEqualTo(200);
        assertThat(api.authenticate(acme.clientId(), secret).status()).isEqualTo(401);
        assertThat(api.awaitRefused(acme.clientId(), tokenBeforeRotation, REVOCATION_PROMISE))
                .as("the token from before the rotation is refused within %s", REVOCATION_PROMISE).isPresent();

        browser.windowSize(360, 800);
        assertThat(browser.horizontalOverflow()).as("CSS pixels of sideways scrolling at 360 px wide").isZero();
        browser.screenshot("dashboard-360px");
    }

    @Test
    void aMemberSeesOnlyTheirOwnPartnersClient() {
        Partner acme = setup.provisionPartner("acme", "Acme Restoration");
        Partner birch = setup.provisionPartner("birch", "Birch Builders");
        Person bo = setup.invite(birch, "Bo");

        DashboardPage page = logIn(browsers.open(), bo);

        page.awaitMaskedSecret(birch.clientId());
        assertThat(page.partner()).isNotBlank();
        assertThat(page.clientIds()).containsExactly(birch.clientId());
        assertThat(page.source()).as("the other partner's client_id, anywhere in the page")
                .doesNotContain(acme.clientId());
        String baseUrl = stack.gateway().baseUrl();
        assertThat(page.examples(birch.clientId())).contains(
                "curl -s -X POST " + baseUrl + "/authenticate -d client_id=" + birch.clientId()
                        + " -d \"client_secret=$CLIENT_SECRET\" -d grant_type=client_credentials",
                "curl -s " + baseUrl + "/accounts/" + birch.clientId()
                        + "/orders -H \"Authorization: Bearer $ACCESS_TOKEN\"");
    }

    @Test
    void aPersonOfNoPartnerIsToldSoAndSeesNoClient() {
        Person nobody = setup.personOfNoPartner();

        DashboardPage page = logIn(browsers.open(), nobody);

        assertThat(page.noPartnerMessage()).contains("Your account is not linked to a partner");
        assertThat(page.clientIds()).isEmpty();
    }

    @Test
    void revealingAfterTheReauthenticationWindowAsksForThePasswordAgainThenReveals() throws InterruptedException {
        Duration window = reauthenticationWindow();
        Partner acme = setup.provisionPartner("acme", "Acme Restoration");
        Person ana = setup.invite(acme, "Ana");
        String secret = setup.currentSecret(acme);
        Browser browser = browsers.open();
        DashboardPage page = logIn(browser, ana);
        Instant loggedIn = Instant.now();
        page.awaitMaskedSecret(acme.clientId());

        sleepUntil(loggedIn.plus(window).plusSeconds(2));
        page.pressReveal(acme.clientId());

        KeycloakLoginPage login = KeycloakLoginPage.awaitShown(browser);
        assertThat(browser.currentUrl()).as("Keycloak asks for the password again")
                .startsWith(stack.keycloak().realmUrl());
        browser.screenshot("dashboard-reauthentication");
        login.logIn(ana.username(), ana.password());
        assertThat(page.awaitRevealedSecret(acme.clientId())).as("the reveal asked for, done after the login")
                .isEqualTo(secret);
        assertThat(browser.currentUrl()).startsWith(dashboardUrl);
    }

    /**
     * The README's "Find your credentials in the dashboard", with ./stack's values replaced by this run's: its
     * command prints what it shows (but for Keycloak's address and the tests' short re-authentication window), and
     * its steps, followed in the browser as ./stack's demo staff member, show demo-partner's secret masked, then in
     * full. The secret is not rotated: other tests use it.
     */
    @Test
    void theReadmesDashboardStepsWork() throws Exception {
        KeycloakServer keycloak = stack.keycloak();
        String region = TestedDocs.README_DASHBOARD.region()
                .replace(README_BASE_URL, stack.gateway().baseUrl())
                .replace(README_STAFF_PASSWORD, keycloak.demoStaffPassword())
                .replace(README_PARTNER_SECRET, keycloak.demoPartnerSecret());
        List<Block> blocks = ShellSnippets.blocks(region);
        assertThat(blocks).extracting(Block::language).containsExactly("bash", "json");

        Session session = ShellSnippets.session(List.of(blocks.get(0).text()), Map.of());
        assertThat(session.run().exitCode()).as(session.run().stderr()).isZero();
        JsonNode served = JSON.readTree(session.outputs().get(0).strip());
        ObjectNode shown = (ObjectNode) JSON.readTree(blocks.get(1).text());
        for (String endpoint : ENDPOINTS) {
            // ./stack's Keycloak in the README, this run's here: the same path at an absolute http(s) address.
            URI address = URI.create(served.path(endpoint).asText());
            assertThat(address.getScheme()).as(endpoint + ": " + address).isIn("http", "https");
            assertThat(address.getHost()).as(endpoint + ": " + address).isNotBlank();
            assertThat(address.getRawPath()).as(endpoint).isEqualTo(URI.create(shown.path(endpoint).asText()).getRawPath());
            assertThat(address.getRawQuery()).as(endpoint).isNull();
            shown.put(endpoint, address.toString());
        }
        // ./stack's window (300 s) in the README, the tests' short one here.
        assertThat(shown.path("reauthentication_seconds").isInt()).as("the README's reauthentication_seconds").isTrue();
        assertThat(served.path("reauthentication_seconds").isInt()).as("reauthentication_seconds: " + served).isTrue();
        assertThat(served.get("reauthentication_seconds").asInt()).isEqualTo(Dashboard.REAUTHENTICATION_SECONDS);
        shown.set("reauthentication_seconds", served.get("reauthentication_seconds"));
        JsonShapes.assertSameShape("the README's dashboard configuration", shown, served, Set.of());

        String steps = region.substring(0, region.indexOf("```"));
        String url = inSteps(steps, "Open <([^>]+)>");
        String username = inSteps(steps, "log in as `([^`]+)`");
        String password = inSteps(steps, "password\\s+`([^`]+)`");
        String clientId = inSteps(steps, "client, `([^`]+)`");
        String secretInFull = inSteps(steps, "in full, `([^`]+)`");
        assertThat(url).as("the README's address, on this run's gateway").startsWith(stack.gateway().baseUrl() + "/");
        assertThat(password).as("the README's password: ./stack's default").isEqualTo(keycloak.demoStaffPassword());
        assertThat(secretInFull).as("the README's secret: ./stack's default").isEqualTo(keycloak.demoPartnerSecret());
        Browser browser = browsers.open();
        DashboardPage page = new DashboardPage(browser, url);

        page.load();
        List<String> buttons = new ArrayList<>(page.buttonLabels());
        page.pressLogIn().logIn(username, password);
        assertThat(page.awaitLoggedIn()).contains(username);
        String masked = page.awaitMaskedSecret(clientId);
        assertThat(masked).doesNotContain(secretInFull).endsWith(secretInFull.substring(secretInFull.length() - 4));
        buttons.addAll(page.buttonLabels());
        assertThat(buttons).as("the buttons the README's steps name").containsAll(boldInSteps(steps));

        page.pressReveal(clientId);
        assertThat(page.awaitRevealedSecret(clientId)).isEqualTo(secretInFull);
    }

    /** The first group of {@code regex} in the README's steps, which must be there. */
    private static String inSteps(String steps, String regex) {
        Matcher matcher = Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(steps);
        assertThat(matcher.find()).as("the README's dashboard steps have %s", regex).isTrue();
        return matcher.group(1);
    }

    /** What the README's steps name in bold: the page's buttons. */
    private static List<String> boldInSteps(String steps) {
        List<String> bold = new ArrayList<>();
        Matcher matcher = Pattern.compile("\\*\\*([^*]+)\\*\\*").matcher(steps);
        while (matcher.find()) {
            bold.add(matcher.group(1));
        }
        assertThat(bold).as("buttons named in the README's steps").isNotEmpty();
        return bold;
    }

    private static DashboardPage logIn(Browser browser, Person person) {
        DashboardPage page = new DashboardPage(browser, dashboardUrl);
        page.open().logIn(person.username(), person.password());
        assertThat(page.awaitLoggedIn()).contains(person.username());
        return page;
    }

    /** The window in force, as the dashboard's configuration tells it (the test stack sets it short). */
    private static Duration reauthenticationWindow() {
        Reply config = api.get("/dashboard/config", null);
        assertThat(config.status()).as(config.body()).isEqualTo(200);
        long seconds = config.json().get("reauthentication_seconds").asLong();
        assertThat(seconds).as("reauthentication_seconds: the test stack sets a short window").isBetween(1L, 60L);
        return Duration.ofSeconds(seconds);
    }

    /** Waits for the clock (a login to grow old), not for the page. */
    private static void sleepUntil(Instant moment) throws InterruptedException {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
