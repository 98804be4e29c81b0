package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak from the official distribution that Maven unpacked, with our provider in {@code providers/} and the
 * realm in {@code data/import/}, in production mode ({@code kc.sh start}) on a PostgreSQL database of its own.
 */
public final class DistributionKeycloak extends LoopbackKeycloak {

    private final Postgres postgres;
    private final String database;
    private final Path home;
    private final Map<String, String> environment;
    private final int managementPort;
    private ManagedProcess process;

    private DistributionKeycloak(Postgres postgres) {
        this.postgres = postgres;
        Path home = Settings.existingFile("it.keycloak.home");
        install(Settings.existingFile("it.provider.jar"), home.resolve("providers/keycloak-extension.jar"));
        install(Settings.existingFile("it.realm.file"), home.resolve("data/import/partners-realm.json"));

        this.database = postgres.createDatabase("keycloak");
        int managementPort = FreePorts.next();

        Map<String, String> env = new HashMap<>();
        env.put("KC_DB", "postgres");
        env.put("KC_DB_URL", postgres.jdbcUrl(database));
        env.put("KC_DB_USERNAME", postgres.user());
        if (!postgres.password().isEmpty()) {
            env.put("KC_DB_PASSWORD", postgres.password());
        }
        env.put("KC_HTTP_ENABLED", "true");
        env.put("KC_HTTP_HOST", "127.0.0.1");
        env.put("KC_HTTP_PORT", String.valueOf(httpPort));
        env.put("KC_HTTP_MANAGEMENT_PORT", String.valueOf(managementPort));
        // A fixed issuer, whatever route a request takes; client addresses from X-Forwarded-For only via a local proxy.
        env.put("KC_HOSTNAME", "http://127.0.0.1:" + httpPort);
        env.put("KC_PROXY_HEADERS", "xforwarded");
        env.put("KC_PROXY_TRUSTED_ADDRESSES", "127.0.0.1");
        env.put("KC_HEALTH_ENABLED", "true");
        // One node per run; a clustered cache would look for other nodes (and take port 7800).
        env.put("KC_CACHE", "local");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        env.put("DEMO_PARTNER_SECRET", demoPartnerSecret);
        // Our own loggers at debug: the log check (no secrets, no tokens) covers what they say too.
        env.put("KC_LOG_LEVEL", "info,com.restoration.partnerapi:debug");
        // Successful logins are not stored (a row per token); the event listener logs them, here at info.
        env.put("KC_SPI_EVENTS_LISTENER__JBOSS_LOGGING__SUCCESS_LEVEL", "info");
        env.put("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g");
        // Grace-period rotation keeps the old secret as Keycloak's own "rotated secret".
        env.put("KC_FEATURES", "client-secret-rotation");

        this.home = home;
        this.environment = Map.copyOf(env);
        this.managementPort = managementPort;
        startProcess();
    }

    private void startProcess() {
        process = ManagedProcess.start("keycloak",
                List.of(home.resolve("bin/kc.sh").toString(), "start", "--import-realm"), environment, home);
        try {
            process.awaitReady("http://127.0.0.1:" + managementPort + "/health/ready", Duration.ofMinutes(5));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Stops Keycloak, keeping its database: for tests of what happens while it is down. */
    @Override
    public void stop() {
        process.close();
    }

    /** Starts Keycloak again on the same ports and database (the realm is already there). */
    @Override
    public void restart() {
        stop();
        startProcess();
    }

    public static DistributionKeycloak start(Postgres postgres) {
        return new DistributionKeycloak(postgres);
    }

    private static void install(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy " + source + " to " + target, e);
        }
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
