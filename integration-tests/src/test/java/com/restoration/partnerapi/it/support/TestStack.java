package com.restoration.partnerapi.it.support;

import org.keycloak.admin.client.Keycloak;

/**
 * The servers of one test run: Keycloak, the gateway in front of it and (on first use) orders-service. They are
 * started once for the whole run (Keycloak takes ~20 s), shared by every test class through
 * {@link StackExtension}, and stopped, with their databases dropped, when the run ends.
 */
public final class TestStack implements AutoCloseable {

    private final Postgres postgres = Postgres.forRun();
    private final KeycloakServer keycloak;
    private final int ordersPort = FreePorts.next();
    private final NginxGateway gateway;
    private OrdersService orders;
    private Keycloak admin;

    TestStack() {
        // -Pcontainers: our image through testcontainers-keycloak; otherwise the unpacked distribution.
        this.keycloak = "containers".equals(Settings.optional("it.keycloak.mode", "distribution"))
                ? ContainerKeycloak.start()
                : DistributionKeycloak.start(postgres);
        try {
            this.gateway = NginxGateway.start(keycloak.port(), ordersPort);
        } catch (RuntimeException e) {
            keycloak.close();
            throw e;
        }
        try {
            TokenQuotas.raiseForTests(admin());
            Dashboard.allowGateway(admin(), gateway.baseUrl());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public Postgres postgres() {
        return postgres;
    }

    /** The partners' BASE_URL: nginx with the repository's gateway configuration. */
    public NginxGateway gateway() {
        return gateway;
    }

    /** orders-service, started on first use (on its own database) and kept for the rest of the run. */
    public synchronized OrdersService orders() {
        if (orders == null) {
            orders = OrdersService.start(postgres, keycloak, ordersPort);
        }
        return orders;
    }

    public PartnerClient partner() {
        return new PartnerClient(keycloak);
    }

    /** The master realm's admin, as an operator would use the admin REST API. */
    public synchronized Keycloak admin() {
        if (admin == null) {
            admin = keycloak.newAdminClient();
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
        gateway.close();
        if (orders != null) {
            orders.close();
        }
        keycloak.close();
    }
}
