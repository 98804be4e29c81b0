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
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.RealmKeyProviders;
import com.restoration.partnerapi.it.support.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.KeysMetadataRepresentation.KeyMetadataRepresentation;

/**
 * Fault 4: the realm's signing key rotated the way an operator does it in the admin console: a new key of the same
 * algorithm (ES256, the partner tokens') with a higher priority becomes the active one, the old one is made
 * passive (still published, never used to sign). Under load, orders-service accepts tokens signed with the new key from their first use and keeps
 * accepting tokens signed with the old key (until they expire), without a restart.
 */
@ExtendWith(StackExtension.class)
class SigningKeyRotationIT {

    @Test
    void newKeysTokensWorkAtOnceAndOldKeysTokensKeepWorking(ClusterStack stack) {
        Partner acme = Partners.create(stack.admin(), Partners.uniqueId("cluster-keys"));
        OrdersApi gateway = new OrdersApi(stack);
        String ordersPath = "/accounts/" + acme.clientId() + "/orders";
        String oldToken = gateway.token(acme.clientId(), acme.secret());
        String oldKid = kid(oldToken);
        // Old-key tokens orders-service has never seen: their signatures are checked after the rotation
        // (a token it already verified is remembered, so it would prove nothing about the keys).
        List<String> unseenOldTokens = gateway.tokens(acme.clientId(), acme.secret(), 5);
        long ordersPid = stack.orders().process().pid();

        Load oldTokenReads = Load.paced("orders reads with a token signed by the old key", 2, 10,
                () -> gateway.get(ordersPath, oldToken).status());
        Load.pause(1_000);
        long rotatedAt = System.currentTimeMillis();
        String newKid = rotateSigningKey(stack.admin().realm(KeycloakServer.REALM), oldKid);

        // New tokens through the gateway (so from both nodes): each signed with the new key and accepted at first use.
        List<Integer> firstUses = new ArrayList<>();
        List<String> kids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String token = gateway.token(acme.clientId(), acme.secret());
            kids.add(kid(token));
            firstUses.add(gateway.get(ordersPath, token).status());
        }
        List<Integer> unseenOldTokenUses = new ArrayList<>();
        for (String token : unseenOldTokens) {
            unseenOldTokenUses.add(gateway.get(ordersPath, token).status());
        }
        Load.pause(2_000);
        oldTokenReads.stop();
        JsonNode jwks = stack.partner().send(HttpRequest.newBuilder(
                URI.create(stack.keycloak().realmUrl() + "/protocol/openid-connect/certs")).GET().build()).json();

        System.out.printf("fault 4 (signing key %s -> %s): %s; first uses of 10 new tokens: %s%n",
                oldKid, newKid, oldTokenReads.summary(), firstUses);
        System.out.printf("fault 4: old-key token reads after the rotation: %s; first uses of 5 old-key tokens"
                + " after the rotation: %s%n", oldTokenReads.byStatus(o -> o.sentAfter(rotatedAt)), unseenOldTokenUses);

        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(kids).as("every token issued after the rotation").containsOnly(newKid);
        assertThat(firstUses).as("first use of each new token").containsOnly(200);
        assertThat(oldTokenReads.count(o -> o.status() != 200)).as(oldTokenReads.summary()).isZero();
        assertThat(oldTokenReads.count(o -> o.sentAfter(rotatedAt))).isPositive();
        assertThat(unseenOldTokens).extracting(SigningKeyRotationIT::kid).containsOnly(oldKid);
        assertThat(unseenOldTokenUses).as("first use, after the rotation, of tokens the old key signed").containsOnly(200);
        assertThat(jwks.get("keys").findValuesAsText("kid")).as("published keys").contains(oldKid, newKid);
        assertThat(gateway.get(ordersPath, oldToken).status()).isEqualTo(200);
        assertThat(stack.orders().process().pid()).as("orders-service was not restarted").isEqualTo(ordersPid);
        assertThat(stack.orders().process().isAlive()).isTrue();
    }

    /** Adds a generated key of the current one's algorithm above it, makes the old one passive; returns the new kid. */
    private static String rotateSigningKey(RealmResource realm, String oldKid) {
        List<KeyMetadataRepresentation> keys = realm.keys().getKeyMetadata().getKeys();
        KeyMetadataRepresentation old = keys.stream().filter(key -> oldKid.equals(key.getKid())).findFirst().orElseThrow();

        assertThat(old.getAlgorithm()).as("the partner tokens' algorithm").isEqualTo("ES256");
        String newKid = RealmKeyProviders.add(realm, "es256-rotated-" + System.currentTimeMillis(), "ecdsa-generated", Map.of(
                "priority", String.valueOf(old.getProviderPriority() + 100),
                "ecdsaEllipticCurveKey", "P-256",
                "active", "true",
                "enabled", "true"));

        ComponentRepresentation oldProvider = realm.components().component(old.getProviderId()).toRepresentation();
        oldProvider.getConfig().putSingle("active", "false");
        realm.components().component(old.getProviderId()).update(oldProvider);

        List<KeyMetadataRepresentation> after = realm.keys().getKeyMetadata().getKeys();
        assertThat(after).filteredOn(key -> oldKid.equals(key.getKid()))
                .extracting(KeyMetadataRepresentation::getStatus).containsExactly("PASSIVE");
        return newKid;
    }

    private static String kid(String token) {
        return Jwks.header(token).getKeyID();
    }
}
