package com.restoration.partnerapi.it.support;

import org.keycloak.admin.client.Keycloak;

/**
 * The servers of one test run: Keycloak is started once for the whole run (it takes ~20 s), shared by every
 * test class through {@link StackExtension}, and stopped, with its database dropped, when the run ends.
 */
public final class TestStack implements AutoCloseable {

    private final Postgres postgres = new Postgres();
    private final KeycloakServer keycloak;
    private Keycloak admin;

    TestStack() {
        this.keycloak = DistributionKeycloak.start(postgres);
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public Postgres postgres() {
        return postgres;
    }

    public PartnerClient partner() {
        return new PartnerClient(keycloak);
    }

    /** The master realm's admin, as an operator would use the admin REST API. */
    public synchronized Keycloak admin() {
        if (admin == null) {
            admin = Keycloak.getInstance(keycloak.baseUrl(), "master", keycloak.adminUsername(),
                    keycloak.adminPassword(), "admin-cli");
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
        keycloak.close();
    }
}
