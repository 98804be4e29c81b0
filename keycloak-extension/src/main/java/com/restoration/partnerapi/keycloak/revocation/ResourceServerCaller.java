package com.restoration.partnerapi.keycloak.revocation;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.restoration.partnerapi.keycloak.credentials.PartnerClients;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The caller of what only resource servers may read (the revocation feed, the Shared Signals streams): a bearer token
 * of this realm whose subject holds the realm role {@value PartnerClients#REVOCATIONS_READER_ROLE}. No valid token
 * is a {@code 401}, a token without the role (a partner's) a {@code 403}, each with its {@code WWW-Authenticate}
 * ({@link Refused}).
 */
public final class ResourceServerCaller {

    private ResourceServerCaller() {
    }

    public static AuthenticationManager.AuthResult authenticate(KeycloakSession session, RealmModel realm) {
        AuthenticationManager.AuthResult caller = new AppAuthManager.BearerTokenAuthenticator(session)
                .setRealm(realm)
                .setConnection(session.getContext().getConnection())
                .setHeaders(session.getContext().getRequestHeaders())
                .authenticate();
        if (caller == null) {
            throw refusal(Response.Status.UNAUTHORIZED, "Bearer realm=\"" + realm.getName() + "\", error=\"invalid_token\"");
        }
        RoleModel reader = realm.getRole(PartnerClients.REVOCATIONS_READER_ROLE);
        if (reader == null || caller.client() == null || !caller.user().hasRole(reader)) {
            throw refusal(Response.Status.FORBIDDEN, "Bearer realm=\"" + realm.getName() + "\", error=\"insufficient_scope\"");
        }
        return caller;
    }

    private static Refused refusal(Response.Status status, String challenge) {
        return new Refused(Response.status(status)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build());
    }

    /**
     * The answer to a caller who may not: the resource returns {@link #response()} (thrown as a
     * WebApplicationException, Keycloak's error handler would answer without the challenge).
     */
    public static final class Refused extends RuntimeException {

        private final transient Response response;

        Refused(Response response) {
            super(null, null, false, false);
            this.response = response;
        }

        public Response response() {
            return response;
        }
    }
}
