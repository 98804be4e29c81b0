package com.restoration.partnerapi.keycloak.ssf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.NotFoundException;

import com.restoration.partnerapi.keycloak.realm.PartnerRealms;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * {@code GET /realms/{realm}/.well-known/ssf-configuration}: the transmitter's metadata (SSF 1.0 §7.1), for partner
 * realms only. Addresses are built from the request, like Keycloak's own discovery documents.
 */
final class SsfConfiguration implements WellKnownProvider {

    private final KeycloakSession session;

    SsfConfiguration(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getConfig() {
        RealmModel realm = session.getContext().getRealm();
        if (!PartnerRealms.serves(realm)) {
            throw new NotFoundException();
        }
        String issuer = issuer(session, realm);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("spec_version", "1_0");
        metadata.put("issuer", issuer);
        metadata.put("jwks_uri", issuer + "/protocol/openid-connect/certs");
        metadata.put("delivery_methods_supported", List.of(StreamConfiguration.POLL));
        metadata.put("configuration_endpoint", endpoint(issuer, "streams"));
        metadata.put("status_endpoint", endpoint(issuer, "status"));
        metadata.put("verification_endpoint", endpoint(issuer, "verify"));
        metadata.put("authorization_schemes", List.of(Map.of("spec_urn", "urn:ietf:rfc:6749")));
        metadata.put("default_subjects", "ALL");
        return metadata;
    }

    static String issuer(KeycloakSession session, RealmModel realm) {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
    }

    static String endpoint(String issuer, String path) {
        return issuer + "/partner-api/ssf/" + path;
    }

    @Override
    public void close() {
    }
}
