package com.restoration.partnerapi.it.support;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.admin.client.Keycloak;

/**
 * The servers the fault tests break: a two-node Keycloak cluster on the run's PostgreSQL, the gateway
 * balancing /authenticate across the nodes (and serving the cluster's public address), and orders-service on a
 * PostgreSQL server of the run's own, which a test may crash. Started once per run, on first use, beside the
 * run's {@link TestStack}; closed, with every database, when the run ends.
 */
public final class ClusterStack implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();
    private final PrivatePostgres ordersDatabase;
    private final KeycloakCluster keycloak;
    private final NginxGateway gateway;
    private final OrdersService orders;
    private Keycloak admin;

    ClusterStack() {
        try {
            int keycloakSitePort = FreePorts.next();
            int ordersPort = FreePorts.next();
            this.keycloak = remember(KeycloakCluster.start(Postgres.forRun(), 2, "http://127.0.0.1:" + keycloakSitePort));
            this.gateway = remember(NginxGateway.startForCluster(
                    keycloak.nodes().stream().map(KeycloakServer::port).toList(), ordersPort, keycloakSitePort));
            this.ordersDatabase = remember(PrivatePostgres.createDurable("cluster-orders-postgres"));
            this.orders = remember(OrdersService.start("cluster-orders-service", ordersDatabase.server(), keycloak, ordersPort));
            TokenQuotas.raiseForTests(admin());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public KeycloakCluster keycloak() {
        return keycloak;
    }

    /** The partners' BASE_URL in front of the cluster. */
    public NginxGateway gateway() {
        return gateway;
    }

    public OrdersService orders() {
        return orders;
    }

    /** The PostgreSQL server orders-service stores orders in. */
    public PrivatePostgres ordersDatabase() {
        return ordersDatabase;
    }

    /**
     * Starts whatever a fault test stopped and did not start again (it failed halfway, say), so the next test
     * finds the whole stack running.
     */
    public void heal() {
        if (!ordersDatabase.isRunning()) {
            ordersDatabase.start();
        }
        keycloak.nodes().stream().filter(node -> !node.isRunning()).forEach(DistributionKeycloak::restart);
    }

    /** A partner's HTTP client for Keycloak's endpoints at the cluster's public address. */
    public PartnerClient partner() {
        return new PartnerClient(keycloak);
    }

    /** A partner's HTTP client for one node's endpoints, bypassing the load balancer. */
    public PartnerClient partnerOn(int node) {
        return new PartnerClient(keycloak.node(node));
    }

    /** The master realm's admin, talking to node 1. */
    public synchronized Keycloak admin() {
        if (admin == null) {
            admin = keycloak.node(1).newAdminClient();
        }
        return admin;
    }

    private <T extends AutoCloseable> T remember(T server) {
        started.add(0, server);
        return server;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
        // Last started, first stopped: orders-service before its database, the gateway before Keycloak.
        for (AutoCloseable server : started) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + server + ": " + e);
            }
        }
        started.clear();
    }
}
