package com.restoration.partnerapi.it.support;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;

import org.keycloak.admin.client.Keycloak;

/** A running Keycloak with our provider and the partners realm, however it was started. */
public interface KeycloakServer extends AutoCloseable {

    String REALM = "partners";

    /** The demo partner's staff member (as ./stack adds demo-staff@partner.example), who logs in to the dashboard. */
    String DEMO_STAFF_USERNAME = "demo-staff@partner.example";

    /** The server's root URL, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl();

    String adminUsername();

    String adminPassword();

    /** The demo partner's secret, as the run added the demo partner (realm-config/local). */
    String demoPartnerSecret();

    /** The password of {@link #DEMO_STAFF_USERNAME}, as the run added the demo partner's staff member. */
    String demoStaffPassword();

    /** Stops the server, keeping its database. */
    void stop();

    /** Starts it again on the same address and database. */
    void restart();

    default String realmUrl() {
        return baseUrl() + "/realms/" + REALM;
    }

    /** Keycloak's Prometheus metrics on the management port; a cluster has them per node. */
    default String metricsUrl() {
        throw new UnsupportedOperationException("Metrics are per node: " + this);
    }

    /** A connection to Keycloak's own database, for tests that must age what only time would change. */
    default Connection connectDatabase() throws SQLException {
        throw new UnsupportedOperationException("No database of its own at hand: " + this);
    }

    /** The port of {@link #baseUrl()}. */
    default int port() {
        return URI.create(baseUrl()).getPort();
    }

    /**
     * The secret Keycloak generated for the orders-service client at the realm's import: what an operator copies
     * into orders-service's configuration so that it may read the revocation feed.
     */
    default String ordersServiceSecret() {
        try (Keycloak admin = newAdminClient()) {
            var clients = admin.realm(REALM).clients();
            String secret = clients.get(clients.findByClientId("orders-service").get(0).getId()).getSecret().getValue();
            SeenSecrets.add(secret);
            return secret;
        }
    }

    /** A new client of the admin REST API, logged in as the master realm's admin, as an operator uses it. */
    default Keycloak newAdminClient() {
        return Keycloak.getInstance(baseUrl(), "master", adminUsername(), adminPassword(), "admin-cli");
    }

    @Override
    void close();
}
