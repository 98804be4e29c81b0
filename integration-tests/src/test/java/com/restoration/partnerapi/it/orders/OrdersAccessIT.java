package com.restoration.partnerapi.it.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientScopeRepresentation;

/** Real Keycloak tokens from BASE_URL/authenticate against orders-service, through the gateway. */
@ExtendWith(StackExtension.class)
class OrdersAccessIT {

    private static TestStack stack;
    private static OrdersApi api;
    private static Partners.Partner partnerA;
    private static Partners.Partner partnerB;
    private static String tokenA;
    private static String tokenB;

    @BeforeAll
    static void start(TestStack testStack) {
        stack = testStack;
        api = new OrdersApi(testStack);
        partnerA = Partners.create(testStack.admin(), Partners.uniqueId("partner-a"));
        partnerB = Partners.create(testStack.admin(), Partners.uniqueId("partner-b"));
        tokenA = api.token(partnerA.clientId(), partnerA.secret());
        tokenB = api.token(partnerB.clientId(), partnerB.secret());
    }

    @Test
    void aPartnersTokenReadsItsOwnOrdersAndGets403OnAnotherPartnersPath() {
        Reply created = api.create(partnerA.clientId(), tokenA);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String orderId = created.json().get("id").asText();
        assertThat(created.header("Location")).endsWith("/accounts/" + partnerA.clientId() + "/orders/" + orderId);

        Reply own = api.get("/accounts/" + partnerA.clientId() + "/orders", tokenA);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("orders").findValuesAsText("id")).contains(orderId);
        assertThat(own.json().get("orders").get(0).get("client_id").asText()).isEqualTo(partnerA.clientId());
        assertThat(api.get("/accounts/" + partnerA.clientId() + "/orders/" + orderId, tokenA).status()).isEqualTo(200);

        Reply foreignList = api.get("/accounts/" + partnerA.clientId() + "/orders", tokenB);
        Reply foreignOrder = api.get("/accounts/" + partnerA.clientId() + "/orders/" + orderId, tokenB);
        Reply foreignCreate = api.create(partnerA.clientId(), tokenB);
        for (Reply foreign : List.of(foreignList, foreignOrder, foreignCreate)) {
            assertThat(foreign.status()).as(foreign.body()).isEqualTo(403);
            assertThat(foreign.header("WWW-Authenticate")).startsWith("Bearer");
            // No order data (the problem's "instance" only echoes the path the caller sent).
            assertThat(foreign.body()).doesNotContain("project_id", "created_at", "\"orders\"");
        }
        // And the other way round: A cannot see B's orders either.
        assertThat(api.get("/accounts/" + partnerB.clientId() + "/orders", tokenA).status()).isEqualTo(403);
        // B's own list does not contain A's order.
        assertThat(api.get("/accounts/" + partnerB.clientId() + "/orders", tokenB).json().get("orders").findValuesAsText("id"))
                .doesNotContain(orderId);
    }

    /**
     * What only a real Keycloak can show: a token of the same server's other realm, properly signed, and one signed
     * with a key the realm itself publishes but expired. Every other kind of unusable token is orders-service's own
     * tests' (PartnerTokenDecoderTest, OrdersAuthorizationTest).
     */
    @Test
    void tokensOfAnotherRealmOrPastTheirExpiryGet401AndNoData() throws Exception {
        String path = "/accounts/" + partnerA.clientId() + "/orders";
        api.create(partnerA.clientId(), tokenA);
        SignedJWT real = SignedJWT.parse(tokenA);
        String masterRealmToken = stack.admin().tokenManager().getAccessTokenString();
        // A key the realm itself publishes (added as a passive key), so that only the expiry can fail the token.
        RSAKey trusted = RealmKeys.addPassiveKey(stack.admin());
        JWTClaimsSet expiredClaims = new JWTClaimsSet.Builder(real.getJWTClaimsSet())
                .expirationTime(new java.util.Date(System.currentTimeMillis() - 3_600_000))
                .issueTime(new java.util.Date(System.currentTimeMillis() - 7_200_000)).build();
        assertThat(api.get(path, RealmKeys.sign(trusted, real.getJWTClaimsSet())).status())
                .as("the same claims, unexpired, with that key").isEqualTo(200);

        assertUnauthorized(api.get(path, masterRealmToken), "a token from another realm");
        assertUnauthorized(api.get(path, RealmKeys.sign(trusted, expiredClaims)), "an expired token");
    }

    @Test
    void aTokenWithoutTheAudienceOrTheScopeGetsNoData() {
        Partners.Partner noOrders = Partners.create(stack.admin(), Partners.uniqueId("no-orders"));
        Partners.Partner readOnly = Partners.create(stack.admin(), Partners.uniqueId("read-only"));
        removeDefaultScope(noOrders, "orders:read");
        removeDefaultScope(noOrders, "orders:write");
        removeDefaultScope(readOnly, "orders:write");
        String noOrdersToken = api.token(noOrders.clientId(), noOrders.secret());
        String readOnlyToken = api.token(readOnly.clientId(), readOnly.secret());

        Reply noAudience = api.get("/accounts/" + noOrders.clientId() + "/orders", noOrdersToken);
        assertThat(noAudience.status()).isEqualTo(403);
        assertThat(noAudience.header("WWW-Authenticate")).contains("insufficient_scope");
        assertThat(noAudience.body()).doesNotContain("\"orders\"");

        assertThat(api.get("/accounts/" + readOnly.clientId() + "/orders", readOnlyToken).status()).isEqualTo(200);
        Reply write = api.create(readOnly.clientId(), readOnlyToken);
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.header("WWW-Authenticate")).contains("insufficient_scope");
        assertThat(api.get("/accounts/" + readOnly.clientId() + "/orders", readOnlyToken).json().get("orders")).isEmpty();
    }

    private static void removeDefaultScope(Partners.Partner partner, String scopeName) {
        var realm = stack.admin().realm(KeycloakServer.REALM);
        ClientScopeRepresentation scope = realm.clientScopes().findAll().stream()
                .filter(s -> s.getName().equals(scopeName)).findFirst().orElseThrow();
        realm.clients().get(partner.id()).removeDefaultClientScope(scope.getId());
    }

    private static void assertUnauthorized(Reply reply, String what) {
        assertThat(reply.status()).as("%s: %s", what, reply.body()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).as(what).startsWith("Bearer");
        assertThat(reply.body()).as(what).doesNotContain("project_id", "\"orders\"");
    }
}
