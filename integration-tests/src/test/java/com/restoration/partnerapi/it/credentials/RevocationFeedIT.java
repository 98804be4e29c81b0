package com.restoration.partnerapi.it.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The revocation feed is for resource servers: a token whose subject holds {@code partner-revocations-reader}
 * (orders-service's client) reads it; nobody else learns a client_id from it; it exists only in the partners
 * realm; and a poll that finds nothing new is a bodiless 304.
 */
@ExtendWith(StackExtension.class)
class RevocationFeedIT {

    private static TestStack stack;
    private static Operators operators;
    private static Partners.Partner rotated;

    @BeforeAll
    static void start(TestStack testStack) {
        stack = testStack;
        operators = new Operators(testStack);
        rotated = Partners.create(stack.admin(), Partners.uniqueId("in-the-feed"));
        operators.postJson(operators.rotateSecretUrl(rotated.clientId()), operators.adminToken(), "");
    }

    @Test
    void theResourceServersClientReadsIt() {
        Reply feed = operators.revocations();

        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.json().get("clients").has(rotated.clientId())).isTrue();
        assertThat(feed.header("ETag")).matches("\"[0-9a-f]{32}\"");
    }

    @Test
    void strangersLearnNoClientId() {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("curious-partner"));
        String partnerToken = operators.partnerToken(partner.clientId(), partner.secret());
        String plainUser = operators.userToken(Partners.uniqueId("curious-user"), List.of());

        Reply anonymous = operators.getWithToken(operators.revocationsUrl(), null);
        Reply forged = operators.getWithToken(operators.revocationsUrl(), "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        Reply masterAdmin = operators.getWithToken(operators.revocationsUrl(), operators.adminToken());
        Reply asPartner = operators.getWithToken(operators.revocationsUrl(), partnerToken);
        Reply asUser = operators.getWithToken(operators.revocationsUrl(), plainUser);

        for (Reply refused : List.of(anonymous, forged, masterAdmin)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        }
        for (Reply refused : List.of(asPartner, asUser)) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("WWW-Authenticate")).contains("insufficient_scope");
        }
        for (Reply refused : List.of(anonymous, forged, masterAdmin, asPartner, asUser)) {
            assertThat(refused.body()).doesNotContain(rotated.clientId(), "demo-partner", "clients");
        }
    }

    @Test
    void noOtherRealmHasAFeed() {
        String master = stack.keycloak().baseUrl() + "/realms/master/partner-api/revocations";

        assertThat(operators.getWithToken(master, null).status()).isEqualTo(404);
        assertThat(operators.getWithToken(master, operators.adminToken()).status()).isEqualTo(404);
    }

    @Test
    void anUnchangedPollIsA304AndAChangeIsSeen() {
        String token = operators.feedReaderToken();
        Reply first = operators.getWithToken(operators.revocationsUrl(), token);
        String etag = first.header("ETag");

        Reply unchanged = conditional(token, etag);

        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.header("ETag")).isEqualTo(etag);

        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("changes-the-feed"));
        stack.admin().realm(KeycloakServer.REALM).clients().get(partner.id()).generateNewSecret();
        Reply changed = conditional(token, etag);

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(changed.json().get("clients").has(partner.clientId())).isTrue();
    }

    private static Reply conditional(String token, String etag) {
        return stack.partner().send(HttpRequest.newBuilder(URI.create(operators.revocationsUrl()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("If-None-Match", etag)
                .GET().build());
    }
}
