package com.restoration.partnerapi.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.restoration.partnerapi.it.support.ClusterStack;
import com.restoration.partnerapi.it.support.Jwks;
import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.Load;
import com.restoration.partnerapi.it.support.OrdersApi;
import com.restoration.partnerapi.it.support.OrdersService;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.RealmKeyProviders;
import com.restoration.partnerapi.it.support.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Fault 6: an existing deployment, signing RS256, switches its partner tokens to ES256 the way operations.md says,
 * under load and without a restart: publish an ES256 key first, wait for the resource servers' key cache, then
 * make ES256 the realm's default. No request fails; tokens signed RS256 before the switch keep working (until
 * they expire), and every token issued after it is ES256 and accepted at its first use.
 */
@ExtendWith(StackExtension.class)
class SigningAlgorithmSwitchIT {

    @Test
    void rs256DeploymentSwitchesToEs256WithoutAFailedRequest(ClusterStack stack) {
        RealmResource realm = stack.admin().realm(KeycloakServer.REALM);
        signRs256Only(realm);
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("cluster-es256"));
        OrdersApi gateway = new OrdersApi(stack);
        String ordersPath = "/accounts/" + acme.clientId() + "/orders";
        String rs256Token = gateway.token(acme.clientId(), acme.secret());
        // Tokens orders-service has never seen, used only after the switch: their signatures are checked then.
        List<String> unseenRs256Tokens = gateway.tokens(acme.clientId(), acme.secret(), 5);
        long ordersPid = stack.orders().process().pid();

        Load reads = Load.paced("orders reads with a token signed RS256 before the switch", 2, 10,
                () -> gateway.get(ordersPath, rs256Token).status());
        Load freshTokens = Load.paced("a new token for each orders read", 1, 50,
                () -> gateway.get(ordersPath, gateway.token(acme.clientId(), acme.secret())).status());
        Load.pause(1_000);

        // 1. Publish an ES256 key; tokens are still signed RS256.
        String es256Kid = RealmKeyProviders.add(realm, "es256-" + System.currentTimeMillis(), "ecdsa-generated",
                Map.of("priority", "200", "ecdsaEllipticCurveKey", "P-256", "active", "true", "enabled", "true"));
        assertThat(alg(gateway.token(acme.clientId(), acme.secret()))).isEqualTo("RS256");
        // 2. Wait until every resource server's key cache has it (orders-service's: OrdersService.JWKS_CACHE_TTL).
        Load.pause(OrdersService.JWKS_CACHE_TTL.toMillis() + 1_000);
        // 3. Switch.
        long switchedAt = System.currentTimeMillis();
        setDefaultSignatureAlgorithm(realm, "ES256");

        List<String> algorithms = new ArrayList<>();
        List<Integer> firstUses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String token = gateway.token(acme.clientId(), acme.secret());
            algorithms.add(alg(token) + " " + Jwks.header(token).getKeyID());
            firstUses.add(gateway.get(ordersPath, token).status());
        }
        List<Integer> unseenRs256Uses = unseenRs256Tokens.stream().map(token -> gateway.get(ordersPath, token).status()).toList();
        Load.pause(2_000);
        reads.stop();
        freshTokens.stop();
        JsonNode jwks = stack.partner().send(HttpRequest.newBuilder(
                URI.create(stack.keycloak().realmUrl() + "/protocol/openid-connect/certs")).GET().build()).json();

        System.out.printf("fault 6 (RS256 -> ES256): %s; %s; first uses of 10 new tokens: %s; first uses of 5 RS256"
                + " tokens after the switch: %s%n", reads.summary(), freshTokens.summary(), firstUses, unseenRs256Uses);

        assertThat(algorithms).as("every token issued after the switch").containsOnly("ES256 " + es256Kid);
        assertThat(firstUses).as("first use of each new token").containsOnly(200);
        assertThat(unseenRs256Uses).as("first use, after the switch, of tokens signed RS256 before it").containsOnly(200);
        assertThat(reads.count(o -> o.status() != 200)).as(reads.summary()).isZero();
        assertThat(reads.count(o -> o.sentAfter(switchedAt))).isPositive();
        assertThat(freshTokens.count(o -> o.status() != 200)).as(freshTokens.summary()).isZero();
        assertThat(freshTokens.count(o -> o.sentAfter(switchedAt))).isPositive();
        assertThat(jwks.get("keys").findValuesAsText("alg")).as("published signing algorithms").contains("RS256", "ES256");
        assertThat(gateway.get(ordersPath, rs256Token).status()).isEqualTo(200);
        assertThat(stack.orders().process().pid()).as("orders-service was not restarted").isEqualTo(ordersPid);
    }

    /** The starting point: a deployment from before ES256, its realm signing RS256 and publishing no EC key. */
    private static void signRs256Only(RealmResource realm) {
        setDefaultSignatureAlgorithm(realm, "RS256");
        realm.components().query(realm.toRepresentation().getId(), "org.keycloak.keys.KeyProvider").stream()
                .filter(provider -> "ecdsa-generated".equals(provider.getProviderId()))
                .forEach(provider -> realm.components().component(provider.getId()).remove());
    }

    private static void setDefaultSignatureAlgorithm(RealmResource realm, String algorithm) {
        RealmRepresentation settings = realm.toRepresentation();
        settings.setDefaultSignatureAlgorithm(algorithm);
        realm.update(settings);
    }

    private static String alg(String token) {
        return Jwks.header(token).getAlgorithm().getName();
    }
}
