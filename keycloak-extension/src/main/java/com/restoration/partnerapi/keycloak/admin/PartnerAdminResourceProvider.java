package com.restoration.partnerapi.keycloak.admin;

import jakarta.ws.rs.NotFoundException;

import com.restoration.partnerapi.keycloak.realm.PartnerRealms;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

final class PartnerAdminResourceProvider implements AdminRealmResourceProvider {

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        if (!PartnerRealms.serves(realm)) {
            throw new NotFoundException();
        }
        return new PartnerAdminResource(session, realm, auth, adminEvent);
    }

    @Override
    public void close() {
    }
}
