package com.restoration.partnerapi.it.support;

import java.net.URI;

import org.keycloak.admin.client.Keycloak;

/** A running Keycloak with our provider and the partners realm, however it was started. */
public interface KeycloakServer extends AutoCloseable {

    String REALM = "partners";

    /** The server's root URL, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl();

    String adminUsername();

    String adminPassword();

    /** The demo partner's secret, as the run set it through DEMO_PARTNER_SECRET. */
    String demoPartnerSecret();

    /** Stops the server, keeping its database. */
    void stop();

    /** Starts it again on the same address and database. */
    void restart();

    default String realmUrl() {
        return baseUrl() + "/realms/" + REALM;
    }

    /** The port of {@link #baseUrl()}. */
    default int port() {
        return URI.create(baseUrl()).getPort();
    }

    /** A new client of the admin REST API, logged in as the master realm's admin, as an operator uses it. */
    default Keycloak newAdminClient() {
        return Keycloak.getInstance(baseUrl(), "master", adminUsername(), adminPassword(), "admin-cli");
    }

    @Override
    void close();
}
