package com.restoration.partnerapi.keycloak.realm;

import jakarta.ws.rs.NotFoundException;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

final class PartnerApiResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    PartnerApiResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        if (!PartnerRealms.serves(session.getContext().getRealm())) {
            throw new NotFoundException();
        }
        return new PartnerApiRealmResource(session);
    }

    @Override
    public void close() {
    }
}
