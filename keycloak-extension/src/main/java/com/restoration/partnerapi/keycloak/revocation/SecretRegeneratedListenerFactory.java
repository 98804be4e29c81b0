package com.restoration.partnerapi.keycloak.revocation;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Global, so regenerating a secret revokes its tokens in every realm whatever its event settings. */
public class SecretRegeneratedListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "partner-api-token-revocation";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new SecretRegeneratedListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
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
        return PROVIDER_ID;
    }
}
