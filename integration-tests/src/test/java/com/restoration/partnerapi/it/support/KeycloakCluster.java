package com.restoration.partnerapi.it.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Keycloak as production scales it out: nodes from the same distribution and provider on one PostgreSQL
 * database, forming one Infinispan cluster (jdbc-ping discovery). Its {@link #baseUrl()} is the cluster's public
 * address, a load balancer in front of every node, which is also every token's issuer.
 */
public final class KeycloakCluster implements KeycloakServer {

    private final Postgres postgres;
    private final String database;
    private final String publicUrl;
    private final List<DistributionKeycloak> nodes = new ArrayList<>();

    private KeycloakCluster(Postgres postgres, int size, String publicUrl) {
        this.postgres = postgres;
        this.publicUrl = publicUrl;
        this.database = postgres.createDatabase("keycloak_cluster");
        try {
            // One after the other: the first creates the schema, the admin and the realm (with credentials of its
            // own making, which the others share); the next joins it.
            for (int i = 1; i <= size; i++) {
                nodes.add(DistributionKeycloak.clusterNode(postgres, database, "keycloak-node-" + i, publicUrl,
                        i == 1 ? null : adminPassword(), i == 1 ? null : demoPartnerSecret(),
                        i == 1 ? null : demoStaffPassword()));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts {@code size} nodes that answer, behind a load balancer, at {@code publicUrl}. */
    public static KeycloakCluster start(Postgres postgres, int size, String publicUrl) {
        return new KeycloakCluster(postgres, size, publicUrl);
    }

    /** Node {@code n}, counting from 1. */
    public DistributionKeycloak node(int n) {
        return nodes.get(n - 1);
    }

    public List<DistributionKeycloak> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public String baseUrl() {
        return publicUrl;
    }

    @Override
    public String adminUsername() {
        return node(1).adminUsername();
    }

    @Override
    public String adminPassword() {
        return node(1).adminPassword();
    }

    @Override
    public String demoPartnerSecret() {
        return node(1).demoPartnerSecret();
    }

    @Override
    public String demoStaffPassword() {
        return node(1).demoStaffPassword();
    }

    /** Stops every node: Keycloak is down, its database stays. */
    @Override
    public void stop() {
        nodes.forEach(DistributionKeycloak::stop);
    }

    /** Stops every node, then starts them again one by one. */
    @Override
    public void restart() {
        stop();
        nodes.forEach(DistributionKeycloak::restart);
    }

    @Override
    public void close() {
        for (DistributionKeycloak node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                System.err.println("Could not stop " + node.name() + ": " + e);
            }
        }
        postgres.dropDatabase(database);
    }
}
