package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real nginx with the repository's gateway template (gateway/partner-api.conf.template), rendered the way the
 * official nginx image renders it, in front of the run's Keycloak and orders-service: the partners' BASE_URL.
 */
public final class NginxGateway implements AutoCloseable {

    private final ManagedProcess process;
    private final int port;
    private final Path accessLog;

    /** The template's per-address limits: token requests, orders requests answered 401, orders requests at once. */
    public record Limits(String tokenRate, int tokenBurst, String unauthorizedRate, int unauthorizedBurst, int connections) {

        /**
         * Every test of a run calls from 127.0.0.1, so the run's gateways allow far more per address than a
         * deployment's; {@link #startRateLimited} and {@link #startOrdersLimited} show the deployment's limits.
         * (100 requests at once: nginx's 256 worker connections hold two per proxied request.)
         */
        static final Limits TESTS = new Limits("2000r/s", 2000, "2000r/s", 2000, 100);
    }

    private NginxGateway(String name, List<Integer> keycloakPorts, int ordersPort, int keycloakSitePort, Limits limits) {
        this.port = FreePorts.next();
        Path prefix = Settings.logsDir().resolveSibling("it-" + name).toAbsolutePath();
        this.accessLog = Settings.logsDir().resolve(name + "-access.log");
        try {
            Files.createDirectories(prefix);
            Files.createDirectories(Settings.logsDir());
            String server = render(Files.readString(Settings.existingFile("it.gateway.template")), keycloakPorts)
                    .replace("${ORDERS_UPSTREAM}", "127.0.0.1:" + ordersPort)
                    .replace("${GATEWAY_PORT}", "127.0.0.1:" + port)
                    .replace("${GATEWAY_ACCESS_LOG}", accessLog.toString())
                    .replace("${AUTHENTICATE_RATE_LIMIT}", limits.tokenRate())
                    .replace("${AUTHENTICATE_RATE_BURST}", String.valueOf(limits.tokenBurst()))
                    .replace("${ACCOUNTS_UNAUTHORIZED_RATE_LIMIT}", limits.unauthorizedRate())
                    .replace("${ACCOUNTS_UNAUTHORIZED_RATE_BURST}", String.valueOf(limits.unauthorizedBurst()))
                    .replace("${ACCOUNTS_CONNECTION_LIMIT}", String.valueOf(limits.connections()));
            if (keycloakSitePort > 0) {
                server += keycloakSite(keycloakSitePort);
            }
            Files.writeString(prefix.resolve("partner-api.conf"), server);
            Files.writeString(prefix.resolve("nginx.conf"), String.join("\n",
                    "daemon off;",
                    "worker_processes 1;",
                    "pid " + prefix.resolve("nginx.pid") + ";",
                    "error_log " + Settings.logsDir().resolve(name + "-error.log") + " info;",
                    "events { worker_connections 256; }",
                    "http {",
                    "  client_body_temp_path " + prefix.resolve("client_body") + ";",
                    "  proxy_temp_path " + prefix.resolve("proxy") + ";",
                    "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";",
                    "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";",
                    "  scgi_temp_path " + prefix.resolve("scgi") + ";",
                    "  include " + prefix.resolve("partner-api.conf") + ";",
                    "}", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the gateway configuration", e);
        }
        this.process = ManagedProcess.start(name,
                List.of(nginxBinary(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString()),
                Map.of(), prefix);
        // Anything but /authenticate and /accounts/ is a 404 from nginx itself: proof that it serves.
        process.awaitStatus(baseUrl() + "/", 404, Duration.ofSeconds(30));
    }

    /** The gateway in front of one Keycloak. */
    public static NginxGateway start(int keycloakPort, int ordersPort) {
        return new NginxGateway("gateway", List.of(keycloakPort), ordersPort, 0, Limits.TESTS);
    }

    /** A second gateway in front of the same servers, limiting token requests per address as configured. */
    public static NginxGateway startRateLimited(int keycloakPort, int ordersPort, String rateLimit, int burst) {
        Limits limits = new Limits(rateLimit, burst, Limits.TESTS.unauthorizedRate(), Limits.TESTS.unauthorizedBurst(),
                Limits.TESTS.connections());
        return new NginxGateway("gateway-rate-limited", List.of(keycloakPort), ordersPort, 0, limits);
    }

    /** A second gateway in front of the same servers, limiting orders requests per address as configured. */
    public static NginxGateway startOrdersLimited(int keycloakPort, int ordersPort, String unauthorizedRate,
                                                  int unauthorizedBurst, int connections) {
        Limits limits = new Limits(Limits.TESTS.tokenRate(), Limits.TESTS.tokenBurst(), unauthorizedRate,
                unauthorizedBurst, connections);
        return new NginxGateway("gateway-orders-limited", List.of(keycloakPort), ordersPort, 0, limits);
    }

    /**
     * The gateway in front of a Keycloak cluster: one upstream server line per node, as an operator lists them.
     * The same nginx also serves Keycloak's own public address on {@code keycloakSitePort} (every node behind
     * one URL: what a production load balancer in front of the cluster does), for orders-service and operators.
     */
    public static NginxGateway startForCluster(List<Integer> keycloakPorts, int ordersPort, int keycloakSitePort) {
        return new NginxGateway("cluster-gateway", keycloakPorts, ordersPort, keycloakSitePort, Limits.TESTS);
    }

    private static String render(String template, List<Integer> keycloakPorts) {
        StringBuilder rendered = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            if (line.contains("${KEYCLOAK_UPSTREAM}")) {
                for (int keycloakPort : keycloakPorts) {
                    rendered.append(line.replace("${KEYCLOAK_UPSTREAM}", "127.0.0.1:" + keycloakPort)).append('\n');
                }
            } else {
                rendered.append(line).append('\n');
            }
        }
        return rendered.toString();
    }

    private static String keycloakSite(int port) {
        return String.join("\n",
                "server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location / {",
                "        proxy_pass http://partner_keycloak;",
                "        proxy_http_version 1.1;",
                "        proxy_set_header Connection \"\";",
                "        proxy_set_header Host $http_host;",
                "        proxy_set_header X-Forwarded-For $remote_addr;",
                "        proxy_set_header X-Forwarded-Proto $scheme;",
                "        proxy_connect_timeout 2s;",
                "        proxy_next_upstream error timeout http_502 http_503;",
                "    }",
                "}", "");
    }

    /** The partners' BASE_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path accessLog() {
        return accessLog;
    }

    private static String nginxBinary() {
        String configured = Settings.optional("it.nginx", "");
        if (!configured.isBlank()) {
            return configured;
        }
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("nginx is not installed: apt-get install nginx-light (or set -Dit.nginx=/path/to/nginx)");
    }

    @Override
    public void close() {
        process.close();
    }
}
