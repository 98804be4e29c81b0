package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same Keycloak as a container, for {@code mvn verify -Pcontainers}: testcontainers-keycloak on our image
 * (containers/keycloak: the provider, keycloak.conf and the realm built in; {@code it.keycloak.image}), in production
 * mode and started as built, on a PostgreSQL container of its own (Testcontainers' module; {@code it.postgres.image}),
 * on fixed loopback ports so that the issuer is known before the start and stays the same across a restart.
 */
public final class ContainerKeycloak extends LoopbackKeycloak {

    private static final String DATABASE = "keycloak";

    private final int managementPort = FreePorts.next();
    private final Network network = Network.newNetwork();
    private final PostgreSQLContainer postgres;
    private final KeycloakContainer container;

    private ContainerKeycloak() {
        Path log = Settings.logsDir().resolve("keycloak.log");
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String databasePassword = "it-db-" + UUID.randomUUID();
        SeenSecrets.add(databasePassword);
        postgres = new PostgreSQLContainer(DockerImageName.parse(Settings.required("it.postgres.image"))
                .asCompatibleSubstituteFor("postgres"))
                .withNetwork(network)
                .withNetworkAliases("keycloak-db")
                .withDatabaseName(DATABASE)
                .withUsername("keycloak")
                .withPassword(databasePassword)
                // Listening on the network: the official image's first start has a server on its socket only, first.
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)));
        postgres.start();

        container = new KeycloakContainer(Settings.required("it.keycloak.image"))
                .withProductionMode()
                .withOptimizedFlag()
                .withNetwork(network)
                .withEnv("KC_DB_URL", "jdbc:postgresql://keycloak-db:5432/" + DATABASE)
                .withEnv("KC_DB_USERNAME", "keycloak")
                .withEnv("KC_DB_PASSWORD", databasePassword)
                .withAdminUsername("admin")
                .withAdminPassword(adminPassword)
                .withEnv("KC_HOSTNAME", "http://127.0.0.1:" + httpPort)
                // The gateway and the tests reach the container through Docker's bridge, not loopback.
                .withEnv("KC_PROXY_TRUSTED_ADDRESSES", "127.0.0.1,172.16.0.0/12,192.168.0.0/16")
                .withEnv("KC_LOG_LEVEL", "info,com.restoration.partnerapi:debug")
                .withEnv("KC_SPI_EVENTS_LISTENER__JBOSS_LOGGING__SUCCESS_LEVEL", "info")
                .withEnv("KC_SPI_REALM_RESTAPI_EXTENSION__PARTNER_API__DASHBOARD_REAUTHENTICATION_SECONDS",
                        String.valueOf(Dashboard.REAUTHENTICATION_SECONDS))
                .withStartupTimeout(Duration.ofMinutes(5))
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", httpPort), ExposedPort.tcp(8080)),
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", managementPort), ExposedPort.tcp(9000)),
                        // Exposed by the container class: Testcontainers waits until every exposed port is bound.
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", FreePorts.next()), ExposedPort.tcp(8443))))
                .withLogConsumer(frame -> append(log, frame.getUtf8String()));
        try {
            container.start();
            // Keycloak 26.7 listens before it has bootstrapped (503 until then): ready means /health/ready.
            awaitReady("http://127.0.0.1:" + managementPort + "/health/ready", Duration.ofMinutes(5));
        } catch (RuntimeException e) {
            container.stop();
            postgres.stop();
            network.close();
            throw e;
        }
        addDemoPartner();
    }

    public static ContainerKeycloak start() {
        return new ContainerKeycloak();
    }

    private static void append(Path log, String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the container without removing it; its database (and the realm) is in the PostgreSQL container. */
    @Override
    public void stop() {
        container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void restart() {
        var docker = container.getDockerClient();
        docker.stopContainerCmd(container.getContainerId()).exec();
        docker.startContainerCmd(container.getContainerId()).exec();
        awaitReady("http://127.0.0.1:" + managementPort + "/health/ready", Duration.ofMinutes(3));
    }

    @Override
    public Connection connectDatabase() throws SQLException {
        return DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
    }

    private static void awaitReady(String url, Duration timeout) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("Keycloak container not ready at " + url + " after " + timeout);
    }

    @Override
    public String metricsUrl() {
        return "http://127.0.0.1:" + managementPort + "/metrics";
    }

    @Override
    public void close() {
        try {
            container.stop();
        } finally {
            postgres.stop();
            network.close();
        }
    }
}
