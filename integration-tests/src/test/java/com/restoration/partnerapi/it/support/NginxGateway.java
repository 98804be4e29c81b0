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

    private NginxGateway(int keycloakPort, int ordersPort) {
        this.port = FreePorts.next();
        Path prefix = Settings.logsDir().resolveSibling("it-gateway").toAbsolutePath();
        this.accessLog = Settings.logsDir().resolve("gateway-access.log");
        try {
            Files.createDirectories(prefix);
            Files.createDirectories(Settings.logsDir());
            String server = Files.readString(Settings.existingFile("it.gateway.template"))
                    .replace("${KEYCLOAK_UPSTREAM}", "127.0.0.1:" + keycloakPort)
                    .replace("${ORDERS_UPSTREAM}", "127.0.0.1:" + ordersPort)
                    .replace("${GATEWAY_PORT}", "127.0.0.1:" + port)
                    .replace("${GATEWAY_ACCESS_LOG}", accessLog.toString());
            Files.writeString(prefix.resolve("partner-api.conf"), server);
            Files.writeString(prefix.resolve("nginx.conf"), String.join("\n",
                    "daemon off;",
                    "worker_processes 1;",
                    "pid " + prefix.resolve("nginx.pid") + ";",
                    "error_log " + Settings.logsDir().resolve("gateway-error.log") + " info;",
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
        this.process = ManagedProcess.start("gateway",
                List.of(nginxBinary(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString()),
                Map.of(), prefix);
        // Anything but /authenticate and /accounts/ is a 404 from nginx itself: proof that it serves.
        process.awaitStatus(baseUrl() + "/", 404, Duration.ofSeconds(30));
    }

    public static NginxGateway start(int keycloakPort, int ordersPort) {
        return new NginxGateway(keycloakPort, ordersPort);
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
