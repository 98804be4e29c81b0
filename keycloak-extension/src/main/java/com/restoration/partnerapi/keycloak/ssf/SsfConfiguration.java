package com.restoration.partnerapi.keycloak.ssf;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.NotFoundException;

import com.restoration.partnerapi.keycloak.realm.PartnerRealms;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.urls.UrlType;
import org.keycloak.services.Urls;
import org.keycloak.wellknown.WellKnownProvider;
import org.keycloak.wellknown.WellKnownProviderFactory;

/**
 * {@code GET /realms/{realm}/.well-known/ssf-configuration}: the transmitter's metadata (SSF 1.0 §7.1), for partner
 * realms; other realms get Keycloak's own, if its transmitter is on. Addresses are built like those of Keycloak's own discovery document: the issuer from its frontend
 * URL, the endpoints from its backend URL.
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
            return othersConfig();
        }
        String backend = backend(session, realm);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("spec_version", "1_0");
        metadata.put("issuer", issuer(session, realm));
        metadata.put("jwks_uri", backend + "/protocol/openid-connect/certs");
        metadata.put("delivery_methods_supported", List.of(StreamConfiguration.POLL));
        metadata.put("configuration_endpoint", endpoint(backend, "streams"));
        metadata.put("status_endpoint", endpoint(backend, "status"));
        metadata.put("verification_endpoint", endpoint(backend, "verify"));
        metadata.put("authorization_schemes", List.of(Map.of("spec_urn", "urn:ietf:rfc:6749")));
        metadata.put("default_subjects", "ALL");
        return metadata;
    }

    /**
     * Elsewhere, the document of the next provider under our alias (Keycloak's own transmitter, when its {@code ssf}
     * feature is on), as if ours were not there; without one, none.
     */
    private Object othersConfig() {
        return session.getKeycloakSessionFactory().getProviderFactoriesStream(WellKnownProvider.class)
                .map(WellKnownProviderFactory.class::cast)
                .filter(factory -> SsfConfigurationFactory.ALIAS.equals(factory.getAlias())
                        && !SsfConfigurationFactory.ID.equals(factory.getId()))
                .min(Comparator.comparingInt(WellKnownProviderFactory::getPriority))
                .map(factory -> factory.create(session).getConfig())
                .orElseThrow(NotFoundException::new);
    }

    /** The realm's issuer, as in its tokens (Keycloak's frontend URL). */
    static String issuer(KeycloakSession session, RealmModel realm) {
        return Urls.realmIssuer(session.getContext().getUri(UrlType.FRONTEND).getBaseUri(), realm.getName());
    }

    /**
     * The realm's address for servers, where the endpoints are: Keycloak's backend URL, as for the JWKS and token
     * endpoints in its own discovery document (the request's own address with {@code hostname-backchannel-dynamic}).
     */
    static String backend(KeycloakSession session, RealmModel realm) {
        return Urls.realmIssuer(session.getContext().getUri(UrlType.BACKEND).getBaseUri(), realm.getName());
    }

    static String endpoint(String realmUrl, String path) {
        return realmUrl + "/partner-api/ssf/" + path;
    }

    @Override
    public void close() {
    }
}
