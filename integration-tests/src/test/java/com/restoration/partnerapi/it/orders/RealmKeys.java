package com.restoration.partnerapi.it.orders;

import java.util.Base64;

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
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.KeysMetadataRepresentation;

/**
 * Adds a key of the test's own to the realm as a passive RS256 key: Keycloak publishes it in the JWKS (so resource
 * servers trust it) but never signs with it. Tokens the test signs with it fail only where their claims are wrong.
 */
final class RealmKeys {

    private RealmKeys() {
    }

    static RSAKey addPassiveKey(Keycloak admin) throws JOSEException {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        var realm = admin.realm(KeycloakServer.REALM);
        ComponentRepresentation component = new ComponentRepresentation();
        component.setName("it-passive-key-" + java.util.UUID.randomUUID());
        component.setProviderId("rsa");
        component.setProviderType("org.keycloak.keys.KeyProvider");
        component.setParentId(realm.toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("privateKey", Base64.getEncoder().encodeToString(key.toRSAPrivateKey().getEncoded()));
        config.putSingle("active", "false");
        config.putSingle("enabled", "true");
        config.putSingle("priority", "1");
        config.putSingle("algorithm", "RS256");
        component.setConfig(config);
        String componentId;
        try (Response created = realm.components().add(component)) {
            if (created.getStatus() != 201) {
                throw new IllegalStateException("Adding a key gave " + created.getStatus());
            }
            String path = created.getLocation().getPath();
            componentId = path.substring(path.lastIndexOf('/') + 1);
        }
        String kid = realm.keys().getKeyMetadata().getKeys().stream()
                .filter(k -> componentId.equals(k.getProviderId()))
                .map(KeysMetadataRepresentation.KeyMetadataRepresentation::getKid)
                .findFirst().orElseThrow();
        return new RSAKey.Builder(key).keyID(kid).build();
    }

    static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
