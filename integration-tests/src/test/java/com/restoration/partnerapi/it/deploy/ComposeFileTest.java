package com.restoration.partnerapi.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml cannot be run where the tests run (no Docker engine), so it is checked against the repo it
 * deploys: mounted files, versions, ports, URLs, credentials and start order. {@code ./stack}, the same services
 * without Docker, is checked for the same sources. Plain files only: no server, no Docker.
 */
class ComposeFileTest {

    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    /** Compose interpolation: {@code $$} is a literal {@code $}; {@code ${NAME:-default}} is read as its default. */
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");
    private static final String KEYCLOAK_IMPORT_DIR = "/opt/keycloak/data/import/";
    private static final String KEYCLOAK_PROVIDERS_DIR = "/opt/keycloak/providers/";
    private static final String NGINX_TEMPLATE = "/etc/nginx/templates/default.conf.template";

    private static Path root;
    private static Map<String, Object> services;

    record Mount(String source, String target, boolean readOnly) {
    }

    @BeforeAll
    static void readComposeFile() throws IOException {
        root = repositoryRoot();
        Path file = root.resolve("docker-compose.yml");
        assertThat(file).as("docker-compose.yml at the repository root").isRegularFile();
        Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        services = map(compose.get("services"), "services");
        assertThat(services).as("services of docker-compose.yml")
                .containsKeys("keycloak-db", "orders-db", "keycloak", "orders-service", "gateway");
    }

    // --- docker-compose.yml ------------------------------------------------------------------------------------

    @Test
    void everyMountedHostPathIsInTheRepositoryOrABuildOutputOfAModule() {
        for (String service : services.keySet()) {
            for (Mount mount : bindMounts(service)) {
                Path source = root.resolve(mount.source()).normalize();
                String where = service + " mounts " + mount.source() + " at " + mount.target();
                assertThat(source.startsWith(root)).as(where + ": the host path must be inside the repository").isTrue();
                assertThat(mount.readOnly()).as(where + ": repository files are mounted read-only (:ro)").isTrue();

                Path relative = root.relativize(source);
                if (relative.getNameCount() == 3 && relative.getName(1).toString().equals("target")) {
                    // A build output: not in a fresh clone, but named by its module's pom.
                    Path pom = root.resolve(relative.getName(0)).resolve("pom.xml");
                    assertThat(pom).as(where + ": a target/ path of a module, so " + pom + " must exist").isRegularFile();
                    assertThat(relative.getFileName().toString())
                            .as(where + ": must be the jar " + pom + " builds (its <finalName> + .jar)")
                            .isEqualTo(pomValue(pom, "/project/build/finalName") + ".jar");
                } else {
                    assertThat(source).as(where + ": the host path must exist in the repository").exists();
                }
            }
        }
    }

    @Test
    void keycloakImageIsTheVersionTheExtensionIsBuiltAgainst() {
        String version = pomValue(root.resolve("pom.xml"), "/project/properties/keycloak.version");
        assertThat(version).as("<keycloak.version> in the root pom.xml").isNotBlank();
        assertThat(string(service("keycloak").get("image"), "keycloak image"))
                .as("the keycloak service's image tag must equal the root pom's <keycloak.version>")
                .isEqualTo("quay.io/keycloak/keycloak:" + version);
    }

    @Test
    void keycloakLoadsTheProviderJarAndImportsThePartnersRealm() throws IOException {
        assertThat(commandOf("keycloak")).as("keycloak's command must import the mounted realm").contains("--import-realm");

        Mount realm = mountAt("keycloak", KEYCLOAK_IMPORT_DIR);
        assertThat(realm.source()).as("the realm keycloak imports").isEqualTo("realm-config/partners-realm.json");
        String realmName = new ObjectMapper().readTree(root.resolve(realm.source()).toFile()).path("realm").asText();
        assertThat(realmName).as("the realm name in " + realm.source()).isEqualTo("partners");

        Mount provider = mountAt("keycloak", KEYCLOAK_PROVIDERS_DIR);
        assertThat(provider.source()).as("the provider jar in keycloak's providers/")
                .isEqualTo("keycloak-extension/target/keycloak-extension.jar");
    }

    @Test
    void keycloakEnablesTheFeaturesTheExtensionNeeds() {
        Map<String, String> env = env("keycloak");
        assertThat(List.of(env.getOrDefault("KC_FEATURES", "").split(",")))
                .as("KC_FEATURES of keycloak (grace-period secret rotation)").contains("client-secret-rotation");
        assertThat(env).as("keycloak environment").containsEntry("KC_HEALTH_ENABLED", "true")
                .containsEntry("KC_DB", "postgres");
        assertThat(env.get("KC_HOSTNAME")).as("KC_HOSTNAME: a full URL, so the issuer is fixed").startsWith("http");
    }

    @Test
    void gatewayTemplateExistsAndEveryVariableItUsesIsSet() throws IOException {
        Mount template = mountAt("gateway", NGINX_TEMPLATE);
        Path file = root.resolve(template.source());
        assertThat(file).as("the gateway template " + template.source()).isRegularFile();

        Set<String> variables = templateVariables(file);
        assertThat(variables).as("${VARIABLES} of " + template.source()).isNotEmpty();
        assertThat(env("gateway").keySet())
                .as("the gateway service's environment must set every ${VARIABLE} of " + template.source()
                        + " (the image leaves unset ones in the config, which nginx then rejects)")
                .containsAll(variables);
    }

    @Test
    void gatewayUpstreamsAreTheServicesContainerPorts() {
        Map<String, String> gateway = env("gateway");
        assertThat(gateway.get("KEYCLOAK_UPSTREAM")).as("KEYCLOAK_UPSTREAM of the gateway: keycloak's container port")
                .isEqualTo("keycloak:" + keycloakHttpPort());
        assertThat(gateway.get("ORDERS_UPSTREAM")).as("ORDERS_UPSTREAM of the gateway: orders-service's SERVER_PORT")
                .isEqualTo("orders-service:" + env("orders-service").get("SERVER_PORT"));
        assertThat(containerPorts("gateway")).as("the gateway publishes the port it listens on (GATEWAY_PORT)")
                .contains(gateway.get("GATEWAY_PORT"));
        assertThat(containerPorts("keycloak")).as("keycloak publishes its HTTP port").contains(keycloakHttpPort());
    }

    @Test
    void ordersServiceTrustsTheIssuerKeycloakPublishes() {
        Map<String, String> orders = env("orders-service");
        String issuer = env("keycloak").get("KC_HOSTNAME") + "/realms/partners";
        assertThat(orders.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI"))
                .as("orders-service's issuer must be keycloak's KC_HOSTNAME + /realms/partners").isEqualTo(issuer);
        assertThat(orders.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI"))
                .as("orders-service fetches the realm's keys from the keycloak service, over the compose network")
                .isEqualTo("http://keycloak:" + keycloakHttpPort() + "/realms/partners/protocol/openid-connect/certs");
        // Derived from the issuer by default, and localhost:8180 is not Keycloak inside the orders-service container.
        assertThat(orders.get("ORDERS_REVOCATION_URI"))
                .as("orders-service polls the realm's published revocations from the keycloak service")
                .isEqualTo("http://keycloak:" + keycloakHttpPort() + "/realms/partners/partner-api/revocations");
    }

    @Test
    void databaseSettingsMatchTheirDatabaseServices() {
        Map<String, String> keycloak = env("keycloak");
        assertDatabase("keycloak", keycloak.get("KC_DB_URL"), keycloak.get("KC_DB_USERNAME"), keycloak.get("KC_DB_PASSWORD"));
        Map<String, String> orders = env("orders-service");
        assertDatabase("orders-service", orders.get("SPRING_DATASOURCE_URL"), orders.get("SPRING_DATASOURCE_USERNAME"),
                orders.get("SPRING_DATASOURCE_PASSWORD"));
    }

    @Test
    void everyDependencyExistsAndIsHealthChecked() {
        for (String service : services.keySet()) {
            Object dependsOn = service(service).get("depends_on");
            if (dependsOn == null) {
                continue;
            }
            Map<String, Object> dependencies = dependsOn instanceof List<?> list
                    ? list.stream().collect(LinkedHashMap::new, (m, d) -> m.put(String.valueOf(d), Map.of()), Map::putAll)
                    : map(dependsOn, service + ".depends_on");
            for (Map.Entry<String, Object> dependency : dependencies.entrySet()) {
                String target = dependency.getKey();
                String where = service + " depends on " + target;
                assertThat(services).as(where + ": no such service").containsKey(target);
                assertThat(service(target)).as(where + ", which has no healthcheck to wait for").containsKey("healthcheck");
                Map<String, Object> healthcheck = map(service(target).get("healthcheck"), where + ": its healthcheck");
                assertThat(healthcheck.get("test")).as(where + ": " + target + " needs a healthcheck test").isNotNull();
                assertThat(healthcheck.get("disable")).as(where + ": " + target + "'s healthcheck is disabled").isNotEqualTo(true);
                assertThat(map(dependency.getValue(), where).get("condition"))
                        .as(where + ": wait until it is healthy (condition: service_healthy)").isEqualTo("service_healthy");
            }
        }
    }

    @Test
    void healthchecksProbeTheReadinessEndpoints() {
        assertThat(healthcheckCommand("keycloak")).as("keycloak's healthcheck: the management port's /health/ready")
                .contains("/dev/tcp/127.0.0.1/9000", "/health/ready");
        assertThat(healthcheckCommand("orders-service")).as("orders-service's healthcheck: its readiness probe")
                .contains("/dev/tcp/127.0.0.1/" + env("orders-service").get("SERVER_PORT"), "/actuator/health/readiness");
    }

    // --- ./stack ---------------------------------------------------------------------------------------------------

    @Test
    void stackScriptExistsAndIsExecutable() throws Exception {
        Path stack = root.resolve("stack");
        assertThat(stack).as("./stack at the repository root").isRegularFile();
        assertThat(Files.isExecutable(stack)).as("./stack must be executable (chmod +x stack)").isTrue();

        Process check = new ProcessBuilder("bash", "-n", stack.toString()).redirectErrorStream(true).start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).as("bash -n ./stack finishes").isTrue();
        assertThat(check.exitValue()).as("bash -n ./stack (syntax): " + new String(check.getInputStream().readAllBytes()))
                .isZero();
    }

    @Test
    void stackScriptUsesTheSameSourcesAsTheComposeFile() throws IOException {
        String script = Files.readString(root.resolve("stack"));
        String template = mountAt("gateway", NGINX_TEMPLATE).source();
        assertThat(script).as("./stack renders the gateway template docker compose mounts").contains(template);
        for (String variable : templateVariables(root.resolve(template))) {
            assertThat(script).as("./stack fills ${" + variable + "} of " + template).contains("'${" + variable + "}'");
        }
        assertThat(script).as("./stack installs what keycloak mounts")
                .contains(mountAt("keycloak", KEYCLOAK_PROVIDERS_DIR).source(), mountAt("keycloak", KEYCLOAK_IMPORT_DIR).source());
        assertThat(script).as("./stack runs the jar orders-service mounts")
                .contains(mountAt("orders-service", "/app/orders-service.jar").source());

        String version = pomValue(root.resolve("pom.xml"), "/project/properties/keycloak.version");
        assertThat(script).as("./stack reads the Keycloak version from the root pom's <keycloak.version>")
                .contains("<keycloak.version>", "/pom.xml");
        assertThat(script).as("./stack must not hard-code Keycloak " + version + " (the pom is the one source)")
                .doesNotContain(version);
        for (String feature : env("keycloak").get("KC_FEATURES").split(",")) {
            assertThat(script).as("./stack enables the features compose's KC_FEATURES does").contains(feature);
        }
    }

    // --- reading the files ---------------------------------------------------------------------------------------

    /** Maven runs the tests in integration-tests/; an IDE may run them at the root. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("integration-tests/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (pom.xml beside integration-tests/) above "
                + Path.of("").toAbsolutePath());
    }

    private static String pomValue(Path pom, String xpath) {
        try {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            return XPathFactory.newInstance().newXPath().evaluate(xpath, document).trim();
        } catch (Exception e) {
            throw new IllegalStateException("Could not read " + xpath + " from " + pom, e);
        }
    }

    private static Set<String> templateVariables(Path template) throws IOException {
        Set<String> variables = new LinkedHashSet<>();
        Matcher matcher = TEMPLATE_VARIABLE.matcher(Files.readString(template));
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        return variables;
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name), "service " + name);
    }

    private static Map<String, String> env(String service) {
        Object environment = service(service).get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] pair = String.valueOf(entry).split("=", 2);
                env.put(pair[0], pair.length > 1 ? interpolate(pair[1]) : "");
            }
        } else if (environment != null) {
            map(environment, service + ".environment")
                    .forEach((key, value) -> env.put(key, value == null ? "" : interpolate(String.valueOf(value))));
        }
        return env;
    }

    private static String interpolate(String value) {
        Matcher matcher = INTERPOLATION.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group().equals("$$") ? "$" : (matcher.group(2) != null ? matcher.group(2) : "");
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(result).toString();
    }

    /** Bind mounts in short ("./src:/target:ro") or long syntax; named volumes are left out. */
    private static List<Mount> bindMounts(String service) {
        List<Mount> mounts = new ArrayList<>();
        Object volumes = service(service).get("volumes");
        if (!(volumes instanceof List<?> list)) {
            return mounts;
        }
        for (Object volume : list) {
            Mount mount;
            if (volume instanceof Map<?, ?> longSyntax) {
                if (!"bind".equals(longSyntax.get("type"))) {
                    continue;
                }
                mount = new Mount(String.valueOf(longSyntax.get("source")), String.valueOf(longSyntax.get("target")),
                        Boolean.TRUE.equals(longSyntax.get("read_only")));
            } else {
                String[] parts = String.valueOf(volume).split(":");
                if (parts.length < 2 || !(parts[0].startsWith(".") || parts[0].startsWith("/"))) {
                    continue;
                }
                mount = new Mount(parts[0], parts[1], parts.length > 2 && List.of(parts[2].split(",")).contains("ro"));
            }
            String source = interpolate(mount.source());
            mounts.add(new Mount(source.startsWith("./") ? source.substring(2) : source, mount.target(), mount.readOnly()));
        }
        return mounts;
    }

    /** The bind mount whose target is {@code target}, or is in the folder {@code target} (ending with /). */
    private static Mount mountAt(String service, String target) {
        return bindMounts(service).stream()
                .filter(m -> target.endsWith("/") ? m.target().startsWith(target) : m.target().equals(target))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + " mounts nothing at " + target + ": " + bindMounts(service)));
    }

    private static List<String> containerPorts(String service) {
        List<String> ports = new ArrayList<>();
        if (service(service).get("ports") instanceof List<?> list) {
            for (Object port : list) {
                String mapping = port instanceof Map<?, ?> longSyntax ? String.valueOf(longSyntax.get("target"))
                        : String.valueOf(port);
                ports.add(mapping.substring(mapping.lastIndexOf(':') + 1).replaceFirst("/.*", ""));
            }
        }
        return ports;
    }

    /** Keycloak's HTTP port in the container: KC_HTTP_PORT, 8080 by default. */
    private static String keycloakHttpPort() {
        return env("keycloak").getOrDefault("KC_HTTP_PORT", "8080");
    }

    private static String commandOf(String service) {
        Object command = service(service).get("command");
        return command instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList())
                : String.valueOf(command);
    }

    private static String healthcheckCommand(String service) {
        Object test = map(service(service).get("healthcheck"), service + ".healthcheck").get("test");
        return test instanceof List<?> list ? String.join(" ", list.stream().map(String::valueOf).toList())
                : String.valueOf(test);
    }

    /** A JDBC URL jdbc:postgresql://host:port/db must name a database service, its database and its credentials. */
    private static void assertDatabase(String service, String jdbcUrl, String username, String password) {
        assertThat(jdbcUrl).as(service + "'s JDBC URL").startsWith("jdbc:postgresql://");
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String dbService = uri.getHost();
        assertThat(services).as(service + "'s JDBC URL " + jdbcUrl + " names a service").containsKey(dbService);
        Map<String, String> db = env(dbService);
        String where = service + " uses " + dbService;
        assertThat(uri.getPort()).as(where + ": PostgreSQL's port").isIn(-1, 5432);
        assertThat(uri.getPath()).as(where + ": its POSTGRES_DB").isEqualTo("/" + db.get("POSTGRES_DB"));
        assertThat(username).as(where + ": its POSTGRES_USER").isEqualTo(db.get("POSTGRES_USER"));
        assertThat(password).as(where + ": its POSTGRES_PASSWORD (the same default on both sides)")
                .isEqualTo(db.get("POSTGRES_PASSWORD"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as(what + " must be a mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static String string(Object value, String what) {
        assertThat(value).as(what + " must be set").isNotNull();
        return String.valueOf(value);
    }
}
