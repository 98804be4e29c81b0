package com.restoration.partnerapi.it.support;

import java.util.UUID;

/** What both ways of running Keycloak share: a loopback port of its own and the run's generated credentials. */
abstract class LoopbackKeycloak implements KeycloakServer {

    protected final int httpPort = FreePorts.next();
    protected final String adminPassword = "it-admin-" + UUID.randomUUID();
    protected final String demoPartnerSecret = "it-demo-" + UUID.randomUUID();

    LoopbackKeycloak() {
        SeenSecrets.add(adminPassword);
        SeenSecrets.add(demoPartnerSecret);
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
