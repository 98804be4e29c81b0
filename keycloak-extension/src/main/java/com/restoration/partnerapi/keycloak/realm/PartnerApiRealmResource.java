package com.restoration.partnerapi.keycloak.realm;

import jakarta.ws.rs.Path;

import com.restoration.partnerapi.keycloak.authenticate.AuthenticateResource;
import com.restoration.partnerapi.keycloak.dashboard.DashboardResource;
import com.restoration.partnerapi.keycloak.revocation.RevocationsResource;
import com.restoration.partnerapi.keycloak.ssf.SsfResource;
import org.keycloak.models.KeycloakSession;

/** {@code /realms/{realm}/partner-api}: the partner-facing endpoints and what resource servers follow. */
public class PartnerApiRealmResource {

    private final KeycloakSession session;

    PartnerApiRealmResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("authenticate")
    public AuthenticateResource authenticate() {
        return new AuthenticateResource(session);
    }

    @Path("dashboard")
    public DashboardResource dashboard() {
        return new DashboardResource(session);
    }

    @Path("ssf")
    public SsfResource ssf() {
        return new SsfResource(session);
    }

    /** Deprecated: the feed before Shared Signals, kept for one release (decision 15). */
    @Path("revocations")
    public RevocationsResource revocations() {
        return new RevocationsResource(session);
    }
}
