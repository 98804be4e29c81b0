package com.restoration.partnerapi.keycloak.admin;

import jakarta.ws.rs.ForbiddenException;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Who may manage partner credentials: an admin who may configure the client (realm-management
 * {@code manage-clients}, or a fine-grained permission), or a user of the realm itself holding the narrower
 * {@value #OPERATOR_ROLE} realm role, which grants these endpoints and nothing else.
 */
final class OperatorAccess {

    static final String OPERATOR_ROLE = "partner-credentials-operator";

    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    OperatorAccess(RealmModel realm, AdminPermissionEvaluator auth) {
        this.realm = realm;
        this.auth = auth;
    }

    /** Checked before any lookup, so that a caller without rights cannot learn which clients exist. */
    void requireAnyAccess() {
        if (!auth.clients().canManage() && !isOperator()) {
            throw new ForbiddenException();
        }
    }

    void requireRotate(ClientModel client) {
        if (!auth.clients().canConfigure(client) && !isOperator()) {
            throw new ForbiddenException();
        }
    }

    private boolean isOperator() {
        return realm.equals(auth.adminAuth().getRealm()) && auth.adminAuth().hasRealmRole(OPERATOR_ROLE);
    }
}
