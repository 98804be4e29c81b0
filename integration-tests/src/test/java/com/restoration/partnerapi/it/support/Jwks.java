package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.net.URI;
import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Verifies an access token the way a resource server does: against the realm's published JWKS. */
public final class Jwks {

    private Jwks() {
    }

    /** The token's JOSE header (its alg and kid), read without checking anything. */
    public static JWSHeader header(String accessToken) {
        try {
            return SignedJWT.parse(accessToken).getHeader();
        } catch (ParseException e) {
            throw new AssertionError("Not a signed JWT: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the token's claims if it is signed ES256 (the realm's default, decision 9) and the signature verifies
     * with the realm's published key of its kid, published for ES256; fails otherwise.
     */
    public static JWTClaimsSet verify(KeycloakServer keycloak, String accessToken) {
        try {
            SignedJWT jwt = SignedJWT.parse(accessToken);
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
                throw new AssertionError("Token is signed with " + jwt.getHeader().getAlgorithm() + ", not ES256");
            }
            JWKSet keys = JWKSet.load(URI.create(keycloak.realmUrl() + "/protocol/openid-connect/certs").toURL());
            JWK key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            if (key == null || !JWSAlgorithm.ES256.equals(key.getAlgorithm())) {
                throw new AssertionError("No key in the realm's JWKS has kid " + jwt.getHeader().getKeyID() + " and alg ES256");
            }
            if (!jwt.verify(new ECDSAVerifier(key.toECKey()))) {
                throw new AssertionError("Signature does not verify against the realm's JWKS");
            }
            return jwt.getJWTClaimsSet();
        } catch (ParseException | IOException | JOSEException e) {
            throw new AssertionError("Token does not verify: " + e.getMessage(), e);
        }
    }
}
