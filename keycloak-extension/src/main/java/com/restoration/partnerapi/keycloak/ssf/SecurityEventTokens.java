package com.restoration.partnerapi.keycloak.ssf;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * Signs a queued event as a Security Event Token (RFC 8417, SSF 1.0 §4): {@code typ: secevent+jwt}, with the realm's
 * active key for its default signature algorithm, the key receivers already trust for access tokens (the realm's
 * JWKS). Signed at delivery: a key rotated since the event was queued does not leave it unverifiable.
 */
final class SecurityEventTokens {

    static final String TYPE = "secevent+jwt";

    private SecurityEventTokens() {
    }

    static String sign(KeycloakSession session, RealmModel realm, String issuer, String audience, Delivery.Queued event) {
        String algorithm = realm.getDefaultSignatureAlgorithm() == null ? Algorithm.RS256 : realm.getDefaultSignatureAlgorithm();
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, algorithm);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("jti", event.jti());
        claims.put("iat", event.createdAt() / 1000);
        claims.put("aud", audience);
        claims.put("sub_id", parse(event.subject()));
        claims.put("events", parse(event.events()));
        return new JWSBuilder().type(TYPE)
                .jsonContent(claims)
                .sign(session.getProvider(SignatureProvider.class, algorithm).signer(key));
    }

    private static Object parse(String json) {
        try {
            return JsonSerialization.mapper.readValue(json, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException("A queued event holds the JSON we wrote", e);
        }
    }
}
