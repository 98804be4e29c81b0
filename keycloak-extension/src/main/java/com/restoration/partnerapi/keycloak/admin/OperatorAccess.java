package com.restoration.partnerapi.keycloak.admin;

import jakarta.ws.rs.ForbiddenException;

import com.restoration.partnerapi.keycloak.credentials.PartnerClients;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Who may manage partner credentials: an admin who may manage the realm's clients (realm-management
 * {@code manage-clients}, or fine-grained permissions), or a user of the realm itself holding the narrower
 * {@value PartnerClients#OPERATOR_ROLE} realm role, which opens these endpoints, for partner clients only, and
 * nothing else.
 */
final class OperatorAccess {

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

    /** Operators may rotate any partner; an admin needs the right to configure that client. */
    void requireRotate(ClientModel partner) {
        if (!isOperator() && !auth.clients().canConfigure(partner)) {
            throw new ForbiddenException();
        }
    }

    /**
     * The evaluator Keycloak's own client creation runs with: the caller's, where the caller may manage clients;
     * for an operator, one that answers Keycloak's manage-clients check with the operator role (the request we
     * create from is ours, a partner and nothing else).
     */
    AdminPermissionEvaluator forProvisioning() {
        return auth.clients().canManage() ? auth : OperatorPermissions.mayCreateClients(auth);
    }

    private boolean isOperator() {
        return realm.equals(auth.adminAuth().getRealm()) && auth.adminAuth().hasRealmRole(PartnerClients.OPERATOR_ROLE);
    }
}
