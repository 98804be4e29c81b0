package com.restoration.partnerapi.it.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.restoration.partnerapi.it.support.FreePorts;
import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.SeenSecrets;
import com.restoration.partnerapi.it.support.StaffLogin;
import org.junit.jupiter.api.Test;

/**
 * The README's first command as a new user runs it: {@code ./stack up} brings the stack up, the curl commands it
 * prints return a token and the demo partner's orders through one BASE_URL, the demo staff member it names logs in
 * to the dashboard and sees the demo partner, {@code up} again is harmless, and {@code ./stack down} leaves no
 * process behind. Its own ports and folder, so it runs beside a developer's stack.
 */
class StackScriptIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root = Path.of(System.getProperty("it.readme")).toAbsolutePath().getParent();
    private final Path stackDir = Path.of(System.getProperty("it.logs.dir")).resolveSibling("it-stack").toAbsolutePath();
    private final Map<String, String> env = new HashMap<>();

    @Test
    void upPrintsWorkingCurlCommandsUpAgainIsHarmlessAndDownLeavesNothing() throws Exception {
        // A first ./stack up, as a new user's: Keycloak keeps its first start's admin and realm in its data folder,
        // and this run's admin password is new.
        deleteTree(stackDir);
        int gatewayPort = FreePorts.next();
        int keycloakPort = FreePorts.next();
        env.put("STACK_DIR", stackDir.toString());
        env.put("STACK_GATEWAY_PORT", String.valueOf(gatewayPort));
        env.put("STACK_KEYCLOAK_PORT", String.valueOf(keycloakPort));
        env.put("STACK_KEYCLOAK_MANAGEMENT_PORT", String.valueOf(FreePorts.next()));
        env.put("STACK_ORDERS_PORT", String.valueOf(FreePorts.next()));
        env.put("STACK_ORDERS_MANAGEMENT_PORT", String.valueOf(FreePorts.next()));
        env.put("STACK_SKIP_BUILD", "1"); // mvn verify has just built the jars
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "it-stack-admin-" + UUID.randomUUID());
        SeenSecrets.add(env.get("KC_BOOTSTRAP_ADMIN_PASSWORD"));
        env.put("DEMO_STAFF_PASSWORD", "it-stack-staff-" + UUID.randomUUID());
        SeenSecrets.add(env.get("DEMO_STAFF_PASSWORD"));
        String baseUrl = "http://localhost:" + gatewayPort;
        String realmUrl = "http://localhost:" + keycloakPort + "/realms/" + KeycloakServer.REALM;
        try {
            String up = run("up");
            assertThat(up).contains("BASE_URL=" + baseUrl, "client_id=demo-partner");
            assertThat(up).contains(baseUrl + "/dashboard/", "username=" + KeycloakServer.DEMO_STAFF_USERNAME,
                    "password=" + env.get("DEMO_STAFF_PASSWORD"));
            List<String> curls = printedCurlCommands(up);
            assertThat(curls).hasSizeGreaterThanOrEqualTo(2);

            JsonNode token = JSON.readTree(bash(curls.get(0).replace("curl -v", "curl -s")));
            assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
            assertThat(token.get("expires_in").asInt()).isEqualTo(3600);
            String accessToken = token.get("access_token").asText();
            SeenSecrets.add(accessToken);
            JsonNode orders = JSON.readTree(bash(curls.get(1).replace("curl -v", "curl -s").replace("ACCESS_TOKEN", accessToken)));
            assertThat(orders.get("orders")).hasSize(2);
            assertThat(orders.get("orders").get(0).get("client_id").asText()).isEqualTo("demo-partner");
            assertThat(dashboardClients(realmUrl, baseUrl)).isEqualTo("demo-partner");

            String statusBefore = run("status");
            String again = run("up");
            assertThat(again).contains("already");
            assertThat(dashboardClients(realmUrl, baseUrl)).as("the demo staff member after ./stack up again")
                    .isEqualTo("demo-partner");
            assertThat(run("status")).isEqualTo(statusBefore);
            assertThat(statusBefore).contains("keycloak", "orders", "gateway").doesNotContain("not running");
        } finally {
            run("down");
        }
        assertThat(processesUnder(stackDir)).as("processes left behind by ./stack down").isEmpty();
        for (String port : List.of("STACK_GATEWAY_PORT", "STACK_KEYCLOAK_PORT", "STACK_KEYCLOAK_MANAGEMENT_PORT", "STACK_ORDERS_PORT",
                "STACK_ORDERS_MANAGEMENT_PORT")) {
            try (ServerSocket free = new ServerSocket(Integer.parseInt(env.get(port)))) {
                assertThat(free.isBound()).as(port + " is free again").isTrue();
            }
        }
    }

    /**
     * What the demo staff member sees in the dashboard's API, logged in afresh as the page logs in, with the password
     * ./stack printed (and so with no required action left): the client_ids of their partner.
     */
    private String dashboardClients(String realmUrl, String baseUrl) throws IOException, InterruptedException {
        String token = new StaffLogin(realmUrl, baseUrl).accessToken(KeycloakServer.DEMO_STAFF_USERNAME, env.get("DEMO_STAFF_PASSWORD"));
        SeenSecrets.add(token);
        HttpResponse<String> clients = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/dashboard/api/clients")).header("Authorization", "Bearer " + token)
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(clients.statusCode()).as(clients.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(clients.body());
        assertThat(body.get("user").asText()).isEqualTo(KeycloakServer.DEMO_STAFF_USERNAME);
        return String.join(",", body.get("clients").findValuesAsText("client_id"));
    }

    /** The curl commands ./stack printed, each with its continuation lines. */
    private static List<String> printedCurlCommands(String output) {
        List<String> commands = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?m)^curl -v .*?(?=\\n\\n|\\z)", Pattern.DOTALL).matcher(output);
        while (matcher.find()) {
            commands.add(matcher.group());
        }
        return commands;
    }

    private String run(String command) throws IOException, InterruptedException {
        return exec(List.of(root.resolve("stack").toString(), command), 600);
    }

    private String bash(String script) throws IOException, InterruptedException {
        return exec(List.of("bash", "-c", script), 60);
    }

    private String exec(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + text).isZero();
        return text;
    }

    private static List<String> processesUnder(Path dir) throws IOException {
        List<String> left = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> p.info().commandLine()
                .filter(line -> line.contains(dir.toString()))
                .ifPresent(line -> left.add(p.pid() + " " + line)));
        if (Files.exists(dir.resolve("run"))) {
            try (var pids = Files.list(dir.resolve("run"))) {
                pids.filter(f -> f.toString().endsWith(".pid")).forEach(f -> left.add("pid file " + f));
            }
        }
        return left;
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
    }
}
