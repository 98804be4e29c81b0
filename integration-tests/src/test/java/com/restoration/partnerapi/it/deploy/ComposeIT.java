package com.restoration.partnerapi.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.restoration.partnerapi.it.support.FreePorts;
import com.restoration.partnerapi.it.support.SeenSecrets;
import com.restoration.partnerapi.it.walkthrough.PartnerGuideExamples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * docker-compose.yml as a deployer runs it, from the images of containers/ (built beforehand by
 * containers/build-images.sh; the {@code containers} profile): {@code up}, an operator's partner, the partner
 * guide's curl through the compose gateway, a rotation that refuses the old token, {@code down -v}, nothing left;
 * and each container as an unprivileged user without build tools.
 * Its own project name, ports and secrets, so it runs beside anything else but another compose stack's subnet.
 */
@EnabledIfSystemProperty(named = "it.keycloak.mode", matches = "containers")
class ComposeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PROJECT = "partnerapiit" + UUID.randomUUID().toString().substring(0, 8);
    private static final Path ROOT = Path.of(System.getProperty("it.readme")).toAbsolutePath().getParent();
    private static final Path LOGS = Path.of(System.getProperty("it.logs.dir"));

    private static final int GATEWAY_PORT = FreePorts.next();
    private static final int KEYCLOAK_PORT = FreePorts.next();
    private static final int MANAGEMENT_PORT = FreePorts.next();
    /** Once per run: the databases keep the passwords of their first start. */
    private static final String ADMIN_PASSWORD = secret();
    private static final String KEYCLOAK_DB_PASSWORD = secret();
    private static final String ORDERS_DB_PASSWORD = secret();
    private static final String REVOCATION_CLIENT_SECRET = secret();
    private static boolean up;

    private static String secret() {
        String secret = "it-only-" + UUID.randomUUID();
        SeenSecrets.add(secret);
        return secret;
    }

    @Test
    void theWholeStackRunsFromTheImagesAndLeavesNothingBehind() throws Exception {
        // Keycloak alone may take its healthcheck's whole budget (60 s + 30 x 10 s) on a busy machine.
        Result started = compose(Duration.ofMinutes(10), "up", "-d", "--no-build");
        up = true;
        assertThat(started.exitCode()).as("docker-compose up: %s", started.output()).isZero();
        String gateway = "http://localhost:" + GATEWAY_PORT;
        awaitGateway(gateway);
        for (String service : List.of("keycloak", "orders-service", "gateway", "keycloak-db", "orders-db")) {
            Result user = compose(Duration.ofMinutes(1), "exec", "-T", service, "id", "-u");
            assertThat(user.exitCode()).as("id in %s: %s", service, user.output()).isZero();
            assertThat(user.output()).as("%s runs as", service).matches("[1-9][0-9]*");
            Result tools = compose(Duration.ofMinutes(1), "exec", "-T", service, "sh", "-c",
                    "for tool in cc gcc make javac mvn git; do command -v $tool; done; true");
            assertThat(tools).as("build tools in %s", service).isEqualTo(new Result(0, ""));
        }

        String admin = adminToken();
        JsonNode partner = adminPost("/partner-api/partners", admin,
                "{\"client_id\": \"compose-partner\", \"name\": \"Compose partner\"}");
        String oldSecret = partner.get("client_secret").asText();
        SeenSecrets.add(oldSecret);

        String oldToken = PartnerGuideExamples.tokenThenOrders(gateway, "compose-partner", oldSecret);

        JsonNode rotated = adminPost("/partner-api/clients/compose-partner/rotate-secret", admin, "{}");
        String newSecret = rotated.get("client_secret").asText();
        SeenSecrets.add(newSecret);
        int status = 0;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos(); System.nanoTime() < deadline; Thread.sleep(100)) {
            status = get(gateway + "/accounts/compose-partner/orders", oldToken).statusCode();
            if (status == 401) {
                break;
            }
        }
        assertThat(status).as("the old token through the compose gateway, within 5 s of the rotation").isEqualTo(401);
        HttpResponse<String> oldSecretRefused = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/authenticate"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=compose-partner&client_secret="
                        + oldSecret)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(oldSecretRefused.statusCode()).as("the old secret at the compose gateway").isEqualTo(401);
        assertThat(JSON.readTree(oldSecretRefused.body()).get("error").asText()).isEqualTo("invalid_client");
        assertThat(PartnerGuideExamples.tokenThenOrders(gateway, "compose-partner", newSecret)).isNotEqualTo(oldToken);

        Result down = compose(Duration.ofMinutes(3), "down", "-v");
        up = false;
        assertThat(down.exitCode()).as("docker-compose down -v: %s", down.output()).isZero();
        String label = "label=com.docker.compose.project=" + PROJECT;
        assertThat(docker("ps", "-aq", "--filter", label)).as("containers left").isEqualTo(new Result(0, ""));
        assertThat(docker("network", "ls", "-q", "--filter", label)).as("networks left").isEqualTo(new Result(0, ""));
        assertThat(docker("volume", "ls", "-q", "--filter", label)).as("volumes left").isEqualTo(new Result(0, ""));
    }

    /** Its healthcheck is nobody's dependency, so up does not wait for it: nginx answers 404 outside the API. */
    private static void awaitGateway(String gateway) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 404) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("the compose gateway answers within 60 s").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    @AfterAll
    static void downIfStillUp() throws Exception {
        if (up) {
            Files.createDirectories(LOGS);
            Files.writeString(LOGS.resolve("compose.log"), compose(Duration.ofMinutes(1), "logs", "--no-color").output());
            compose(Duration.ofMinutes(3), "down", "-v");
        }
    }

    private static String adminToken() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password="
                        + java.net.URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("the bootstrap admin's token: %s", response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private static JsonNode adminPost(String path, String token, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak() + "/admin/realms/partners" + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String keycloak() {
        return "http://127.0.0.1:" + KEYCLOAK_PORT;
    }

    record Result(int exitCode, String output) {
    }

    /** docker-compose with this test's project, ports and secrets; images and their tag from the environment. */
    private static Result compose(Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--project-name", PROJECT, "--file",
                ROOT.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(arguments));
        Map<String, String> environment = new HashMap<>();
        environment.put("PARTNER_API_PORT", String.valueOf(GATEWAY_PORT));
        environment.put("KEYCLOAK_PORT", String.valueOf(KEYCLOAK_PORT));
        environment.put("ORDERS_MANAGEMENT_PORT", String.valueOf(MANAGEMENT_PORT));
        environment.put("PARTNER_API_BASE_URL", "http://localhost:" + GATEWAY_PORT);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        environment.put("KEYCLOAK_DB_PASSWORD", KEYCLOAK_DB_PASSWORD);
        environment.put("ORDERS_DB_PASSWORD", ORDERS_DB_PASSWORD);
        environment.put("ORDERS_REVOCATION_CLIENT_SECRET", REVOCATION_CLIENT_SECRET);
        return run(command, environment, timeout);
    }

    private static Result docker(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        return run(command, Map.of(), Duration.ofMinutes(1));
    }

    private static Result run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("compose", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return new Result(-1, "timed out after " + timeout + ": " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output).strip());
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
