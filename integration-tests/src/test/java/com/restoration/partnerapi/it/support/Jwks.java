package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.net.URI;
import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Verifies an access token the way a resource server does: against the realm's published JWKS. */
public final class Jwks {

    private Jwks() {
    }

    /** Returns the token's claims if its RS256 signature verifies against the realm's JWKS; fails otherwise. */
    public static JWTClaimsSet verify(KeycloakServer keycloak, String accessToken) {
        try {
            SignedJWT jwt = SignedJWT.parse(accessToken);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
                throw new AssertionError("Token is signed with " + jwt.getHeader().getAlgorithm() + ", not RS256");
            }
            JWKSet keys = JWKSet.load(URI.create(keycloak.realmUrl() + "/protocol/openid-connect/certs").toURL());
            JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            if (key == null) {
                throw new AssertionError("No key in the realm's JWKS has kid " + jwt.getHeader().getKeyID());
            }
            if (!jwt.verify(new RSASSAVerifier(key.toRSAKey()))) {
                throw new AssertionError("Signature does not verify against the realm's JWKS");
            }
            return jwt.getJWTClaimsSet();
        } catch (ParseException | IOException | JOSEException e) {
            throw new AssertionError("Token does not verify: " + e.getMessage(), e);
        }
    }
}
