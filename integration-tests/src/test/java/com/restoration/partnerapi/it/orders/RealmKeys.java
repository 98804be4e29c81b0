package com.restoration.partnerapi.it.orders;

import java.util.Base64;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.RealmKeyProviders;
import org.keycloak.admin.client.Keycloak;

/**
 * Adds a key of the test's own to the realm as a passive RS256 key: Keycloak publishes it in the JWKS (so resource
 * servers trust it) but never signs with it. Tokens the test signs with it fail only where their claims are wrong.
 */
final class RealmKeys {

    private RealmKeys() {
    }

    static RSAKey addPassiveKey(Keycloak admin) throws JOSEException {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        String kid = RealmKeyProviders.add(admin.realm(KeycloakServer.REALM), "it-passive-key-" + java.util.UUID.randomUUID(),
                "rsa", Map.of(
                        "privateKey", Base64.getEncoder().encodeToString(key.toRSAPrivateKey().getEncoded()),
                        "active", "false",
                        "enabled", "true",
                        "priority", "1",
                        "algorithm", "RS256"));
        return new RSAKey.Builder(key).keyID(kid).build();
    }

    static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
