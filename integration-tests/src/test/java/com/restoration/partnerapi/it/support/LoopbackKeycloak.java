package com.restoration.partnerapi.it.support;

import java.util.UUID;

/** What both ways of running Keycloak share: a loopback port of its own and the run's generated credentials. */
abstract class LoopbackKeycloak implements KeycloakServer {

    protected final int httpPort = FreePorts.next();
    protected final String adminPassword;
    protected final String demoPartnerSecret;

    LoopbackKeycloak() {
        this(null, null);
    }

    /**
     * With given credentials, or new ones where null: the nodes of one cluster share a database (where the first
     * node creates the admin and imports the realm), so they share these.
     */
    LoopbackKeycloak(String adminPassword, String demoPartnerSecret) {
        this.adminPassword = adminPassword != null ? adminPassword : "it-admin-" + UUID.randomUUID();
        this.demoPartnerSecret = demoPartnerSecret != null ? demoPartnerSecret : "it-demo-" + UUID.randomUUID();
        SeenSecrets.add(this.adminPassword);
        SeenSecrets.add(this.demoPartnerSecret);
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public String adminUsername() {
        return "admin";
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public String demoPartnerSecret() {
        return demoPartnerSecret;
    }
}
