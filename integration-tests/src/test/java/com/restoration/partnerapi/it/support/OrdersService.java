package com.restoration.partnerapi.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The built orders-service jar, run as a deployment runs it: standard Spring Boot properties on the command line,
 * a PostgreSQL database of its own, and Keycloak's issuer and JWKS. Health and metrics ({@code /actuator/health/...},
 * {@code /actuator/prometheus}) are on a free management port of its own ({@link #managementPort()}), which the
 * gateway does not route; {@link #port()} serves the partners' API only.
 */
public final class OrdersService implements AutoCloseable {

    /** How long orders-service keeps the realm's keys before fetching them again (orders.jwks.cache-ttl). */
    public static final Duration JWKS_CACHE_TTL = Duration.ofSeconds(10);

    /**
     * Requests per partner per second (orders.rate-limit.requests) unless a restart's arguments set
     * {@code --orders.rate-limit.*} themselves: far above production's 50, because the load of the fault tests is one
     * partner as fast as it can go. orders-service's own tests cover the limit; a test of it here restarts with its own.
     */
    public static final int RATE_LIMIT_REQUESTS = 1_000_000;

    private final String name;
    private final Postgres postgres;
    private final String database;
    private final int port;
    /** Kept across restarts, like {@link #port}. */
    private final int managementPort = FreePorts.next();
    private ManagedProcess process;

    private OrdersService(String name, Postgres postgres, KeycloakServer keycloak, int port) {
        this.name = name;
        this.postgres = postgres;
        this.port = port;
        this.database = postgres.createDatabase("orders");
        start(keycloak);
    }

    public static OrdersService start(Postgres postgres, KeycloakServer keycloak, int port) {
        return new OrdersService("orders-service", postgres, keycloak, port);
    }

    /** Another instance beside the run's own, with its log under {@code name}. */
    public static OrdersService start(String name, Postgres postgres, KeycloakServer keycloak, int port) {
        return new OrdersService(name, postgres, keycloak, port);
    }

    private void start(KeycloakServer keycloak, String... extraArguments) {
        Path jar = Settings.existingFile("it.orders.jar");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--management.server.port=" + managementPort,
                "--management.server.address=127.0.0.1",
                "--spring.datasource.url=" + postgres.jdbcUrl(database),
                "--spring.datasource.username=" + postgres.user(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + keycloak.realmUrl(),
                "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + keycloak.realmUrl() + "/protocol/openid-connect/certs",
                // Revocations from the realm's Shared Signals stream, one per instance: named after the instance, the
                // same across its restarts.
                "--orders.revocation.stream=" + name + "@" + port,
                // Key changes known within seconds: the signing-algorithm switch waits this long before switching,
                // as an operator waits for the resource servers' key cache (5 minutes by default).
                "--orders.jwks.cache-ttl=" + JWKS_CACHE_TTL.toSeconds() + "s",
                // Our own loggers at debug: the log check (no secrets, no tokens) covers what they say too.
                "--logging.level.com.restoration.partnerapi=debug"));
        if (Arrays.stream(extraArguments).noneMatch(argument -> argument.startsWith("--orders.rate-limit."))) {
            command.add("--orders.rate-limit.requests=" + RATE_LIMIT_REQUESTS);
        }
        command.addAll(List.of(extraArguments));
        // The revocation client's credentials as a deployment passes secrets: in the environment, not on the command line.
        process = ManagedProcess.start(name, command,
                Map.of("ORDERS_REVOCATION_CLIENT_SECRET", keycloak.ordersServiceSecret()), jar.getParent());
        try {
            process.awaitReady(managementUrl() + "/actuator/health/readiness", Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Stops the process only; the database stays, as it would across a restart. */
    public void stop() {
        process.close();
    }

    /** Restarts on the same port and database, with extra command-line properties. */
    public void restart(KeycloakServer keycloak, String... extraArguments) {
        stop();
        start(keycloak, extraArguments);
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management port: {@code /actuator/health/liveness}, {@code /readiness}, {@code /actuator/prometheus}. */
    public int managementPort() {
        return managementPort;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public String database() {
        return database;
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
        postgres.dropDatabase(database);
    }
}
