package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The same Keycloak, from the official image through testcontainers-keycloak, for hosts with Docker
 * ({@code mvn verify -Pcontainers}): our provider in {@code providers/}, the realm imported, the same options as
 * {@link DistributionKeycloak}, on a fixed loopback port so that the issuer ({@code --hostname}) is known up front.
 */
public final class ContainerKeycloak extends LoopbackKeycloak {

    private final int managementPort = FreePorts.next();
    private final KeycloakContainer container;

    private ContainerKeycloak() {
        Path log = Settings.logsDir().resolve("keycloak.log");
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        container = new KeycloakContainer("quay.io/keycloak/keycloak:" + Settings.required("it.keycloak.version"))
                .withProviderLibsFrom(List.of(Settings.existingFile("it.provider.jar").toFile()))
                .withCopyFileToContainer(MountableFile.forHostPath(Settings.existingFile("it.realm.file")),
                        "/opt/keycloak/data/import/partners-realm.json")
                .withCopyFileToContainer(MountableFile.forHostPath(Settings.existingFile("it.keycloak.conf")),
                        "/opt/keycloak/conf/keycloak.conf")
                .withCustomCommand("--import-realm")
                // The container runs in dev mode, on its embedded database (conf/keycloak.conf names PostgreSQL).
                .withEnv("KC_DB", "dev-file")
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
                // Fixed loopback ports: the issuer is known before the start, and stays the same across a restart.
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", httpPort), ExposedPort.tcp(8080)),
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", managementPort), ExposedPort.tcp(9000))))
                .withLogConsumer(frame -> append(log, frame.getUtf8String()));
        container.start();
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

    /** Stops the container without removing it, so its database (and the realm) survive a restart. */
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
        container.stop();
    }
}
