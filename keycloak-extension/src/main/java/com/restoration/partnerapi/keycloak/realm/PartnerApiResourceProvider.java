package com.restoration.partnerapi.keycloak.realm;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

final class PartnerApiResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    PartnerApiResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new PartnerApiRealmResource(session);
    }

    @Override
    public void close() {
    }
}
