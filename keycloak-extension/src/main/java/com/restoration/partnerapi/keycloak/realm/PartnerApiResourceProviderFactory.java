package com.restoration.partnerapi.keycloak.realm;

import com.restoration.partnerapi.keycloak.dashboard.DashboardSettings;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the partner API under {@code /realms/{realm}/partner-api}. */
public class PartnerApiResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "partner-api";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new PartnerApiResourceProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
        PartnerRealms.configure(config);
        DashboardSettings.configure(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
