package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Keycloak from the official distribution that Maven unpacked, with our provider in {@code providers/} and the
 * realm in {@code data/import/}, in production mode ({@code kc.sh start}) on PostgreSQL: either the run's single
 * server (local caches, a database of its own) or one node of a {@link KeycloakCluster}.
 */
public final class DistributionKeycloak extends LoopbackKeycloak {

    private static final Path JAVA_HOME = KeycloakJava.home();

    private static boolean built;

    private final Postgres postgres;
    private final String database;
    private final boolean ownsDatabase;
    private final String name;
    private final Path home;
    private final Map<String, String> environment;
    private final int managementPort = FreePorts.next();
    private ManagedProcess process;

    private DistributionKeycloak(Postgres postgres, String database, boolean ownsDatabase, String name, Path home,
                                 String hostname, Map<String, String> cacheSettings, String adminPassword,
                                 String demoPartnerSecret, String demoStaffPassword) {
        super(adminPassword, demoPartnerSecret, demoStaffPassword);
        this.postgres = postgres;
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.name = name;
        // In each home: a cluster node's copy leaves out data/, the single server's files.
        install(Settings.existingFile("it.realm.file"), home.resolve("data/import/partners-realm.json"));

        // Beside conf/keycloak.conf (realm-config/keycloak.conf, installed with the build): what this server's own.
        Map<String, String> env = new HashMap<>();
        env.put("KC_DB_URL", postgres.jdbcUrl(database));
        env.put("KC_DB_USERNAME", postgres.user());
        if (!postgres.password().isEmpty()) {
            env.put("KC_DB_PASSWORD", postgres.password());
        }
        env.put("KC_HTTP_HOST", "127.0.0.1");
        env.put("KC_HTTP_PORT", String.valueOf(httpPort));
        env.put("KC_HTTP_MANAGEMENT_PORT", String.valueOf(managementPort));
        // A fixed issuer, whatever route a request takes; client addresses from X-Forwarded-For only via a local proxy.
        env.put("KC_HOSTNAME", hostname != null ? hostname : "http://127.0.0.1:" + httpPort);
        env.put("KC_PROXY_TRUSTED_ADDRESSES", "127.0.0.1");
        env.putAll(cacheSettings);
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", this.adminPassword);
        // Our own loggers at debug: the log check (no secrets, no tokens) covers what they say too.
        env.put("KC_LOG_LEVEL", "info,com.restoration.partnerapi:debug");
        // Successful logins are not stored (a row per token); the event listener logs them, here at info.
        env.put("KC_SPI_EVENTS_LISTENER__JBOSS_LOGGING__SUCCESS_LEVEL", "info");
        env.put("KC_SPI_REALM_RESTAPI_EXTENSION__PARTNER_API__DASHBOARD_REAUTHENTICATION_SECONDS",
                String.valueOf(Dashboard.REAUTHENTICATION_SECONDS));
        env.put("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g");
        env.put("JAVA_HOME", JAVA_HOME.toString());

        this.home = home;
        this.environment = Map.copyOf(env);
        startProcess();
        addDemoPartner();
    }

    /** The run's single server, in the unpacked distribution, on a database of its own. */
    public static DistributionKeycloak start(Postgres postgres) {
        String database = postgres.createDatabase("keycloak");
        // One node; a clustered cache would look for other nodes (and take port 7800).
        return new DistributionKeycloak(postgres, database, true, "keycloak", builtDistribution(),
                null, Map.of("KC_CACHE", "local"), null, null, null);
    }

    /**
     * One node of a cluster: its own copy of the distribution (a node writes its build and transaction log
     * there), the cluster's database, Keycloak's default clustered cache (Infinispan over JGroups, members found
     * through the database: the jdbc-ping stack) on a port of its own, and the cluster's public hostname. The
     * credentials are the other nodes' (they share the admin and realm in the database), or new where null.
     */
    static DistributionKeycloak clusterNode(Postgres postgres, String database, String name, String hostname,
                                            String adminPassword, String demoPartnerSecret, String demoStaffPassword) {
        Path home = Settings.logsDir().resolveSibling("keycloak-nodes").resolve(name);
        copyTree(builtDistribution(), home);
        return new DistributionKeycloak(postgres, database, false, name, home, hostname, Map.of(
                "KC_CACHE", "ispn",
                "KC_CACHE_STACK", "jdbc-ping",
                "KC_CACHE_EMBEDDED_NETWORK_BIND_ADDRESS", "127.0.0.1",
                "KC_CACHE_EMBEDDED_NETWORK_BIND_PORT", String.valueOf(FreePorts.next())),
                adminPassword, demoPartnerSecret, demoStaffPassword);
    }

    /**
     * The unpacked distribution with our provider and server options (conf/keycloak.conf) installed and
     * {@code kc.sh build} run, once per run (as a custom image is built), so that every start is {@code --optimized}
     * and none pays the ~15 s build.
     */
    private static synchronized Path builtDistribution() {
        Path home = Settings.existingFile("it.keycloak.home");
        if (!built) {
            install(Settings.existingFile("it.provider.jar"), home.resolve("providers/keycloak-extension.jar"));
            install(Settings.existingFile("it.keycloak.conf"), home.resolve("conf/keycloak.conf"));
            ManagedProcess build = ManagedProcess.start("keycloak-build", List.of(home.resolve("bin/kc.sh").toString(), "build"),
                    Map.of("JAVA_HOME", JAVA_HOME.toString()), home);
            build.awaitExit(Duration.ofMinutes(5));
            built = true;
        }
        return home;
    }

    private void startProcess() {
        process = ManagedProcess.start(name,
                List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized", "--import-realm"), environment, home);
        try {
            process.awaitReady("http://127.0.0.1:" + managementPort + "/health/ready", Duration.ofMinutes(5));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Connection connectDatabase() throws SQLException {
        return postgres.connect(database);
    }

    @Override
    public String metricsUrl() {
        return "http://127.0.0.1:" + managementPort + "/metrics";
    }

    public String name() {
        return name;
    }

    /** Stops Keycloak, keeping its database: for tests of what happens while it is down. */
    @Override
    public void stop() {
        process.close();
    }

    /** Kills the server (SIGKILL): a crashed node, which leaves the cluster without saying goodbye. */
    public void kill() {
        process.kill();
    }

    /** Starts Keycloak again on the same ports and database (the realm is already there). */
    @Override
    public void restart() {
        stop();
        startProcess();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
        if (ownsDatabase) {
            postgres.dropDatabase(database);
        }
    }

    private static void install(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy " + source + " to " + target, e);
        }
    }

    private static void copyTree(Path source, Path target) {
        try {
            if (Files.exists(target)) {
                try (Stream<Path> old = Files.walk(target)) {
                    old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            // Not data/: that is the running single server's (its temporary files and transaction log).
            try (Stream<Path> files = Files.walk(source).filter(file -> !file.startsWith(source.resolve("data")))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy " + source + " to " + target, e);
        }
    }
}
