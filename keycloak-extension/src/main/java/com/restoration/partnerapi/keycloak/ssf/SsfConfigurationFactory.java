package com.restoration.partnerapi.keycloak.ssf;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.wellknown.WellKnownProvider;
import org.keycloak.wellknown.WellKnownProviderFactory;

/**
 * Serves our transmitter's metadata under the alias {@code ssf-configuration}. Keycloak's own (experimental) SSF
 * transmitter uses the same alias when its feature is on; the lower priority number wins, and ours is lower: in a
 * partner realm ours answers, elsewhere it hands over to Keycloak's.
 */
public class SsfConfigurationFactory implements WellKnownProviderFactory {

    static final String ID = "partner-api-ssf-configuration";
    static final String ALIAS = "ssf-configuration";

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        return new SsfConfiguration(session);
    }

    @Override
    public String getAlias() {
        return ALIAS;
    }

    /** Also at {@code /.well-known/ssf-configuration/realms/{realm}}, where SSF 1.0 §7.2 (as RFC 8414) looks. */
    @Override
    public boolean isAvailableViaServerMetadata() {
        return true;
    }

    @Override
    public int getPriority() {
        return 0;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
