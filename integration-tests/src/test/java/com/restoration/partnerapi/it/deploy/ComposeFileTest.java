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
import java.util.Locale;
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
 * docker-compose.yml, read as a file wherever the tests run (ComposeIT runs it where Docker is): checked against
 * the repo it deploys: the files its images are built with, versions, ports, URLs, credentials and start order, and
 * for its safe defaults (no
 * credential with a default, Keycloak's ports on loopback only, forwarded headers trusted from the gateway only,
 * the demo partner only in the {@code demo} profile). {@code ./stack}, the same services without Docker, is checked
 * for the same sources. Plain files only: no server, no Docker.
 */
class ComposeFileTest {

    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    /**
     * Compose interpolation: {@code $$} is a literal {@code $}; {@code ${NAME:-default}} is read as its default;
     * {@code ${NAME:?message}} (required: compose refuses to start without it) as {@code ${NAME}}, so two settings
     * that must hold the same value compare equal.
     */
    private static final Pattern INTERPOLATION =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
    /** A value that is exactly one required variable: {@code ${NAME:?message}} or {@code ${NAME?message}}. */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):?\\?[^}]*}");
    /** Settings that hold a credential, by name. */
    private static final Pattern CREDENTIAL_NAME = Pattern.compile(".*(PASSWORD|SECRET).*");
    private static final String KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:";
    private static final String DEMO_PROFILE = "demo";
    private static final String DEMO_PARTNER_FILE = "realm-config/local/demo-partner.json";
    private static final String KEYCLOAK_IMPORT_DIR = "/opt/keycloak/data/import/";
    private static final String KEYCLOAK_PROVIDERS_DIR = "/opt/keycloak/providers/";
    private static final String KEYCLOAK_CONF = "/opt/keycloak/conf/keycloak.conf";
    private static final String NGINX_TEMPLATE = "/etc/nginx/partner-api.conf.template";
    private static final String ORDERS_JAR = "/app/orders-service.jar";
    /** {@code COPY [--flag ...] source destination} in a Dockerfile. */
    private static final Pattern COPY = Pattern.compile("^COPY\\s+(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)\\s*$");

    private static Path root;
    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    record Mount(String source, String target, boolean readOnly) {
    }

    @BeforeAll
    static void readComposeFile() throws IOException {
        root = repositoryRoot();
        Path file = root.resolve("docker-compose.yml");
        assertThat(file).as("docker-compose.yml at the repository root").isRegularFile();
        compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        services = map(compose.get("services"), "services");
        assertThat(services).as("services of docker-compose.yml")
                .containsKeys("keycloak-db", "orders-db", "keycloak", "keycloak-setup", "orders-service", "gateway");
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
    void keycloakImageIsTheVersionTheExtensionIsBuiltAgainst() throws IOException {
        String version = pomValue(root.resolve("pom.xml"), "/project/properties/keycloak.version");
        assertThat(version).as("<keycloak.version> in the root pom.xml").isNotBlank();
        assertThat(interpolate(String.valueOf(buildArgs("keycloak").get("KEYCLOAK_IMAGE"))))
                .as("the keycloak service's image is built FROM the official image of the root pom's <keycloak.version>")
                .isEqualTo(KEYCLOAK_IMAGE + version);
        assertThat(dockerfile("keycloak")).as("containers/keycloak/Dockerfile's default KEYCLOAK_IMAGE")
                .contains("ARG KEYCLOAK_IMAGE=" + KEYCLOAK_IMAGE + version);
        for (String service : List.of("keycloak-setup", "demo-partner")) {
            assertThat(service(service).get("image")).as(service + " runs kcadm.sh of the keycloak service's image")
                    .isEqualTo(service("keycloak").get("image"));
        }
    }

    @Test
    void databasesRunThePostgreSQLTheTestsRun() {
        String version = pomValue(root.resolve("pom.xml"), "/project/properties/postgres.version");
        assertThat(version).as("<postgres.version> in the root pom.xml (the embedded PostgreSQL of the tests)").isNotBlank();
        for (String service : List.of("keycloak-db", "orders-db")) {
            assertThat(interpolate(string(service(service).get("image"), service + " image")))
                    .as(service + ": the PostgreSQL major version the tests run (<postgres.version> " + version + ")")
                    .isEqualTo("postgres:" + version.substring(0, version.indexOf('.')));
        }
    }

    @Test
    void keycloakLoadsTheProviderJarAndImportsThePartnersRealm() throws IOException {
        assertThat(commandOf("keycloak")).as("keycloak's command must import the realm in its image").contains("--import-realm")
                .as("and start as built (kc.sh build ran in the image)").contains("--optimized");
        assertThat(dockerfile("keycloak")).as("containers/keycloak/Dockerfile builds Keycloak with the provider")
                .contains("RUN /opt/keycloak/bin/kc.sh build");

        Mount realm = builtIn("keycloak", KEYCLOAK_IMPORT_DIR);
        assertThat(realm.source()).as("the realm keycloak imports").isEqualTo("realm-config/partners-realm.json");
        String realmName = new ObjectMapper().readTree(root.resolve(realm.source()).toFile()).path("realm").asText();
        assertThat(realmName).as("the realm name in " + realm.source()).isEqualTo("partners");

        Mount provider = builtIn("keycloak", KEYCLOAK_PROVIDERS_DIR);
        assertThat(provider.source()).as("the provider jar in keycloak's providers/")
                .isEqualTo("keycloak-extension/target/keycloak-extension.jar");
    }

    @Test
    void keycloakReadsTheSharedServerOptionsAndOverridesNoneOfThem() throws IOException {
        Mount conf = builtIn("keycloak", KEYCLOAK_CONF);
        assertThat(conf.source()).as("keycloak's conf/keycloak.conf: the options ./stack and the tests use too")
                .isEqualTo("realm-config/keycloak.conf");
        Map<String, String> env = env("keycloak");
        for (String line : Files.readAllLines(root.resolve(conf.source()))) {
            // The trusted proxy addresses are each deployment's own (the file's default trusts loopback only).
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("proxy-trusted-addresses=")) {
                String variable = "KC_" + line.substring(0, line.indexOf('=')).toUpperCase(Locale.ROOT).replace('-', '_');
                assertThat(env).as("keycloak's environment must not override " + line + " of " + conf.source())
                        .doesNotContainKey(variable);
            }
        }
        assertThat(env.get("KC_HOSTNAME")).as("KC_HOSTNAME: a full URL, so the issuer is fixed").startsWith("http");
    }

    @Test
    void gatewayTemplateExistsAndEveryVariableItUsesIsSet() throws IOException {
        Mount template = builtIn("gateway", NGINX_TEMPLATE);
        Path file = root.resolve(template.source());
        assertThat(file).as("the gateway template " + template.source()).isRegularFile();

        Set<String> variables = templateVariables(file);
        assertThat(variables).as("${VARIABLES} of " + template.source()).isNotEmpty();
        Set<String> set = new LinkedHashSet<>(env("gateway").keySet());
        Matcher defaults = Pattern.compile("(?m)^\\s*(?:ENV\\s+)?([A-Z_]+)=\\S+\\s*\\\\?$").matcher(dockerfile("gateway"));
        while (defaults.find()) {
            set.add(defaults.group(1));
        }
        assertThat(set).as("the gateway service's environment or its image's ENV must set every ${VARIABLE} of "
                        + template.source() + " (an unset one stays in the config, which nginx then rejects)")
                .containsAll(variables);
        String start = Files.readString(root.resolve("containers/gateway/start-gateway.sh"));
        for (String variable : variables) {
            assertThat(start).as("containers/gateway/start-gateway.sh renders ${" + variable + "}").contains("${" + variable + "}");
        }

        Map<String, String> gateway = env("gateway");
        assertThat(gateway.get("AUTHENTICATE_RATE_LIMIT")).as("the gateway's AUTHENTICATE_RATE_LIMIT (nginx: 5r/s, 300r/m)")
                .matches("[1-9][0-9]*r/[sm]");
        assertThat(gateway.get("AUTHENTICATE_RATE_BURST")).as("the gateway's AUTHENTICATE_RATE_BURST (a number)")
                .matches("[0-9]+");
        assertThat(gateway.get("ACCOUNTS_UNAUTHORIZED_RATE_LIMIT")).as("the gateway's ACCOUNTS_UNAUTHORIZED_RATE_LIMIT")
                .matches("[1-9][0-9]*r/[sm]");
        assertThat(gateway.get("ACCOUNTS_UNAUTHORIZED_RATE_BURST")).as("the gateway's ACCOUNTS_UNAUTHORIZED_RATE_BURST")
                .matches("[0-9]+");
        assertThat(gateway.get("ACCOUNTS_CONNECTION_LIMIT")).as("the gateway's ACCOUNTS_CONNECTION_LIMIT")
                .matches("[1-9][0-9]*");
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

    // --- safe defaults -------------------------------------------------------------------------------------------

    @Test
    void noCredentialHasADefault() {
        for (String service : services.keySet()) {
            for (Map.Entry<String, String> setting : rawEnv(service).entrySet()) {
                if (!CREDENTIAL_NAME.matcher(setting.getKey()).matches()) {
                    continue;
                }
                String where = service + "'s " + setting.getKey() + " = " + setting.getValue();
                if (REQUIRED_VARIABLE.matcher(setting.getValue()).matches()) {
                    continue;
                }
                // Compose checks ${NAME:?} in every service, active profile or not: a profile's own service checks
                // its credential when it runs, and has no default either.
                Matcher variable = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-)?}").matcher(setting.getValue());
                assertThat(profiles(service).isEmpty() || !variable.matches())
                        .as(where + ": a credential comes from the environment with no default: ${NAME:?message}")
                        .isFalse();
                assertThat(command(service))
                        .as(where + ": a service of a profile fails without the credential: ${" + variable.group(1) + ":?")
                        .contains("${" + variable.group(1) + ":?");
            }
        }
    }

    @Test
    void onlyTheGatewayIsReachableFromOtherHosts() {
        for (String service : services.keySet()) {
            for (Object port : ports(service)) {
                String mapping = String.valueOf(port);
                if (service.equals("gateway")) {
                    continue;
                }
                assertThat(port instanceof Map<?, ?> longSyntax ? String.valueOf(longSyntax.get("host_ip")) : mapping)
                        .as(service + " publishes " + mapping + ": only on this host (127.0.0.1:...), like Keycloak's "
                                + "admin console and admin API; partners reach the gateway")
                        .startsWith("127.0.0.1");
            }
        }
        assertThat(ports("keycloak")).as("keycloak publishes its HTTP port, on loopback").isNotEmpty();
        assertThat(containerPorts("keycloak")).as("keycloak's management port (9000: health, metrics) is not published")
                .doesNotContain("9000");
    }

    @Test
    void ourServicesRunWithoutCapabilitiesAndWriteOnlyWhereTheyMust() {
        for (String service : List.of("keycloak", "orders-service", "gateway")) {
            assertThat(String.valueOf(service(service).get("cap_drop"))).as(service + ": cap_drop: [ALL]").isEqualTo("[ALL]");
            assertThat(String.valueOf(service(service).get("security_opt"))).as(service + ": security_opt")
                    .isEqualTo("[no-new-privileges:true]");
        }
        assertThat(service("orders-service")).as("orders-service: a read-only root file system, /tmp as tmpfs")
                .containsEntry("read_only", true).containsEntry("tmpfs", List.of("/tmp:uid=10001,gid=10001,mode=0700"));
        assertThat(service("gateway")).as("the gateway: a read-only root file system, its run directory as tmpfs")
                .containsEntry("read_only", true)
                .containsEntry("tmpfs", List.of("/run/partner-api-gateway:uid=33,gid=33,mode=0700"));
    }

    @Test
    void keycloakTrustsForwardedHeadersFromTheGatewayOnly() throws IOException {
        Map<String, String> keycloak = env("keycloak");
        assertThat(Files.readAllLines(root.resolve(builtIn("keycloak", KEYCLOAK_CONF).source())))
                .as("keycloak reads the gateway's X-Forwarded-*").contains("proxy-headers=xforwarded");

        Map<String, Object> networks = map(service("gateway").get("networks"), "the gateway's networks");
        assertThat(networks).as("the gateway is on the default network only").containsOnlyKeys("default");
        String gatewayAddress = string(map(networks.get("default"), "the gateway's default network").get("ipv4_address"),
                "the gateway's fixed ipv4_address");
        assertThat(keycloak.get("KC_PROXY_TRUSTED_ADDRESSES"))
                .as("KC_PROXY_TRUSTED_ADDRESSES: the gateway's address and nothing else (any other trusted sender could "
                        + "forge the client address brute-force protection counts)")
                .isEqualTo(gatewayAddress);

        Map<String, Object> ipam = map(map(map(compose.get("networks"), "networks").get("default"), "networks.default")
                .get("ipam"), "networks.default.ipam");
        List<?> configs = (List<?>) ipam.get("config");
        assertThat(configs).as("networks.default.ipam.config: one fixed subnet").hasSize(1);
        Map<String, Object> config = map(configs.get(0), "networks.default.ipam.config[0]");
        String subnet = string(config.get("subnet"), "the default network's subnet");
        assertThat(inSubnet(gatewayAddress, subnet)).as("the gateway's address " + gatewayAddress + " is in " + subnet).isTrue();
        String range = string(config.get("ip_range"), "the default network's ip_range (the addresses Docker hands out)");
        assertThat(inSubnet(gatewayAddress, range))
                .as("the gateway's address " + gatewayAddress + " is outside ip_range " + range
                        + ", so no other container can take it")
                .isFalse();
    }

    @Test
    void theDemoPartnerIsOnlyInTheDemoProfile() throws IOException {
        for (com.fasterxml.jackson.databind.JsonNode client : new ObjectMapper()
                .readTree(root.resolve("realm-config/partners-realm.json").toFile()).path("clients")) {
            assertThat(client.path("clientId").asText()).as("the production realm has no demo partner")
                    .isNotEqualTo("demo-partner");
        }
        List<String> demoServices = new ArrayList<>();
        for (String service : services.keySet()) {
            boolean demo = String.valueOf(service(service)).contains("DEMO_PARTNER")
                    || bindMounts(service).stream().anyMatch(m -> m.source().equals(DEMO_PARTNER_FILE));
            if (demo) {
                demoServices.add(service);
                assertThat(profiles(service)).as(service + " adds the demo partner: in the demo profile only")
                        .containsExactly(DEMO_PROFILE);
            }
        }
        assertThat(demoServices).as("a service of the demo profile adds the demo partner").hasSize(1);
        String demo = demoServices.get(0);
        assertThat(bindMounts(demo)).as(demo + " imports " + DEMO_PARTNER_FILE)
                .anyMatch(m -> m.source().equals(DEMO_PARTNER_FILE) && m.readOnly());
        assertThat(command(demo)).as(demo + ": Keycloak's partial import with kcadm.sh, the secret from DEMO_PARTNER_SECRET")
                .contains("/opt/keycloak/bin/kcadm.sh", "create partialImport -r partners", "${DEMO_PARTNER_SECRET:?",
                        "dev-only-demo-partner-secret");
        assertThat(dependencies(demo)).as(demo + " waits for Keycloak").containsEntry("keycloak", "service_healthy");
    }

    @Test
    void ordersServiceHasTheFeedSecretThatKeycloakSetupSets() throws IOException {
        Map<String, String> orders = rawEnv("orders-service");
        String secret = orders.get("ORDERS_REVOCATION_CLIENT_SECRET");
        assertThat(secret).as("orders-service's ORDERS_REVOCATION_CLIENT_SECRET (the revocation feed's client): required")
                .matches(REQUIRED_VARIABLE);
        assertThat(rawEnv("keycloak-setup").get("ORDERS_REVOCATION_CLIENT_SECRET"))
                .as("keycloak-setup sets the client's secret to the value orders-service has").isEqualTo(secret);

        String clientId = env("orders-service").getOrDefault("ORDERS_REVOCATION_CLIENT_ID", "orders-service");
        boolean inRealm = false;
        for (com.fasterxml.jackson.databind.JsonNode client : new ObjectMapper()
                .readTree(root.resolve("realm-config/partners-realm.json").toFile()).path("clients")) {
            inRealm |= client.path("clientId").asText().equals(clientId) && client.path("serviceAccountsEnabled").asBoolean();
        }
        assertThat(inRealm).as("the realm has the client " + clientId + ", with a service account").isTrue();
        assertThat(command("keycloak-setup")).as("keycloak-setup sets the secret of " + clientId + " with kcadm.sh")
                .contains("/opt/keycloak/bin/kcadm.sh", "clientId=" + clientId, "update \"clients/", "ORDERS_REVOCATION_CLIENT_SECRET");
        assertThat(env("orders-service").get("ORDERS_REVOCATION_TOKEN_URI"))
                .as("orders-service gets the feed's token from the keycloak service (the issuer is not reachable from it)")
                .isEqualTo("http://keycloak:" + keycloakHttpPort() + "/realms/partners/protocol/openid-connect/token");

        assertThat(dependencies("keycloak-setup")).as("keycloak-setup runs once Keycloak is ready")
                .containsEntry("keycloak", "service_healthy");
        assertThat(dependencies("orders-service")).as("orders-service starts once keycloak-setup has set its secret")
                .containsEntry("keycloak-setup", "service_completed_successfully");
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
        assertThat(orders.get("ORDERS_REVOCATION_SSF_CONFIGURATION_URI"))
                .as("orders-service follows the realm's Shared Signals transmitter at the keycloak service")
                .isEqualTo("http://keycloak:" + keycloakHttpPort() + "/realms/partners/.well-known/ssf-configuration");
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
    void everyDependencyExistsAndIsWaitedFor() {
        for (String service : services.keySet()) {
            for (Map.Entry<String, String> dependency : dependencies(service).entrySet()) {
                String target = dependency.getKey();
                String where = service + " depends on " + target;
                assertThat(services).as(where + ": no such service").containsKey(target);
                if ("service_completed_successfully".equals(dependency.getValue())) {
                    // A one-shot: it exits when done, so it is never restarted and serves nothing.
                    assertThat(String.valueOf(service(target).getOrDefault("restart", "no")))
                            .as(where + " to complete: a one-shot (restart: \"no\")").isEqualTo("no");
                    assertThat(service(target)).as(where + " to complete: a one-shot publishes no port").doesNotContainKey("ports");
                    assertThat(profiles(target)).as(where + ": a one-shot of every run, not of a profile").isEmpty();
                    continue;
                }
                assertThat(service(target)).as(where + ", which has no healthcheck to wait for").containsKey("healthcheck");
                Map<String, Object> healthcheck = map(service(target).get("healthcheck"), where + ": its healthcheck");
                assertThat(healthcheck.get("test")).as(where + ": " + target + " needs a healthcheck test").isNotNull();
                assertThat(healthcheck.get("disable")).as(where + ": " + target + "'s healthcheck is disabled").isNotEqualTo(true);
                assertThat(dependency.getValue())
                        .as(where + ": wait until it is healthy (condition: service_healthy)").isEqualTo("service_healthy");
            }
        }
    }

    @Test
    void healthchecksProbeTheReadinessEndpoints() {
        assertThat(healthcheckCommand("keycloak")).as("keycloak's healthcheck: the management port's /health/ready")
                .contains("/dev/tcp/127.0.0.1/9000", "/health/ready");
        assertThat(healthcheckCommand("orders-service")).as("orders-service's healthcheck: its readiness probe, on its management port")
                .contains("/dev/tcp/127.0.0.1/" + env("orders-service").get("MANAGEMENT_SERVER_PORT"), "/actuator/health/readiness");
        assertThat(env("orders-service").get("MANAGEMENT_SERVER_PORT")).as("orders-service's management port is not the one the gateway routes")
                .isNotNull().isNotEqualTo(env("orders-service").get("SERVER_PORT"));
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
        String template = builtIn("gateway", NGINX_TEMPLATE).source();
        assertThat(script).as("./stack renders the gateway template docker compose mounts").contains(template);
        for (String variable : templateVariables(root.resolve(template))) {
            assertThat(script).as("./stack fills ${" + variable + "} of " + template).contains("'${" + variable + "}'");
        }
        assertThat(script).as("./stack installs what keycloak mounts")
                .contains(builtIn("keycloak", KEYCLOAK_PROVIDERS_DIR).source(), builtIn("keycloak", KEYCLOAK_IMPORT_DIR).source());
        assertThat(script).as("./stack runs the jar orders-service mounts")
                .contains(builtIn("orders-service", ORDERS_JAR).source());

        String version = pomValue(root.resolve("pom.xml"), "/project/properties/keycloak.version");
        assertThat(script).as("./stack reads the Keycloak version from the root pom's <keycloak.version>")
                .contains("<keycloak.version>", "/pom.xml");
        assertThat(script).as("./stack must not hard-code Keycloak " + version + " (the pom is the one source)")
                .doesNotContain(version);
        assertThat(script).as("./stack installs the server options compose mounts")
                .contains(builtIn("keycloak", KEYCLOAK_CONF).source(), "conf/keycloak.conf");
        assertThat(script).as("./stack adds the demo partner the demo profile adds, with Keycloak's partial import")
                .contains(DEMO_PARTNER_FILE, "/partialImport", "DEMO_PARTNER_SECRET");
        assertThat(script).as("./stack gives orders-service the feed secret through the environment, as compose does")
                .contains("ORDERS_REVOCATION_CLIENT_SECRET", "/client-secret")
                .doesNotContain("--orders.revocation.client-secret");
        assertThat(script).as("./stack runs orders-service with orders-service-devtools (the embedded database)")
                .contains("orders-service-devtools/target/orders-service-devtools.jar", "orders-service-devtools/target/lib",
                        "org.springframework.boot.loader.launch.PropertiesLauncher", "-Dloader.path=");
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

    /** The environment as compose gives it with no variable set: defaults, and ${NAME} for required ones. */
    private static Map<String, String> env(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        rawEnv(service).forEach((key, value) -> env.put(key, interpolate(value)));
        return env;
    }

    /** The environment as written, before compose's interpolation. */
    private static Map<String, String> rawEnv(String service) {
        Object environment = service(service).get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] pair = String.valueOf(entry).split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        } else if (environment != null) {
            map(environment, service + ".environment")
                    .forEach((key, value) -> env.put(key, value == null ? "" : String.valueOf(value)));
        }
        return env;
    }

    private static String interpolate(String value) {
        Matcher matcher = INTERPOLATION.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else if (matcher.group(2) == null) {
                replacement = "";
            } else if (matcher.group(2).endsWith("?")) {
                replacement = "${" + matcher.group(1) + "}";
            } else {
                replacement = matcher.group(3);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(result).toString();
    }

    /** The command (or the entrypoint's arguments) with compose's $$ read as $. */
    private static String command(String service) {
        return commandOf(service).replace("$$", "$");
    }

    private static List<String> profiles(String service) {
        return service(service).get("profiles") instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : List.of();
    }

    /** depends_on as service name to condition (service_started for the short syntax). */
    private static Map<String, String> dependencies(String service) {
        Object dependsOn = service(service).get("depends_on");
        Map<String, String> dependencies = new LinkedHashMap<>();
        if (dependsOn instanceof List<?> list) {
            list.forEach(d -> dependencies.put(String.valueOf(d), "service_started"));
        } else if (dependsOn != null) {
            map(dependsOn, service + ".depends_on").forEach((target, options) -> dependencies.put(target,
                    String.valueOf(map(options, service + ".depends_on." + target).getOrDefault("condition", "service_started"))));
        }
        return dependencies;
    }

    private static List<?> ports(String service) {
        return service(service).get("ports") instanceof List<?> list ? list : List.of();
    }

    /** Whether an IPv4 address is in a CIDR block. */
    private static boolean inSubnet(String address, String cidr) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(address) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String address) {
        String[] octets = address.split("\\.");
        assertThat(octets).as(address + ": an IPv4 address").hasSize(4);
        long value = 0;
        for (String octet : octets) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
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

    /**
     * Where the service's image gets the file at {@code target} (a directory when it ends in /): a COPY of the
     * Dockerfile compose builds it with, as a read-only mount of the repository file would have.
     */
    private static Mount builtIn(String service, String target) {
        try {
            for (String line : dockerfile(service).split("\n")) {
                Matcher copy = COPY.matcher(line.strip());
                if (copy.matches() && !line.contains("--from=") && (target.endsWith("/")
                        ? copy.group(2).startsWith(target) : copy.group(2).equals(target))) {
                    return new Mount(copy.group(1), copy.group(2), true);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(service + "'s image gets nothing at " + target);
    }

    /** The Dockerfile compose builds the service's image with (build: context . and dockerfile:). */
    private static String dockerfile(String service) throws IOException {
        Map<String, Object> build = map(service(service).get("build"), service + ": build");
        assertThat(build.get("context")).as(service + ": built from the repository root").isEqualTo(".");
        return Files.readString(root.resolve(string(build.get("dockerfile"), service + ": build.dockerfile")));
    }

    private static Map<String, Object> buildArgs(String service) {
        return map(map(service(service).get("build"), service + ": build").get("args"), service + ": build.args");
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
        for (Object port : ports(service)) {
            String mapping = port instanceof Map<?, ?> longSyntax ? String.valueOf(longSyntax.get("target"))
                    : String.valueOf(port);
            ports.add(mapping.substring(mapping.lastIndexOf(':') + 1).replaceFirst("/.*", ""));
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
