package com.restoration.partnerapi.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.restoration.partnerapi.it.support.SeenSecrets;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs after every other test class (junit-platform.properties orders classes by @Order): no client secret, admin
 * password or access token that the run handled appears in any log of Keycloak (our loggers at debug),
 * orders-service (our loggers at debug) or nginx.
 */
@ExtendWith(StackExtension.class)
@Order(Integer.MAX_VALUE)
class NoSecretsInLogsIT {

    @Test
    void noSecretOrAccessTokenAppearsInAnyLog(TestStack stack) throws IOException {
        Set<String> secrets = SeenSecrets.all();
        List<Path> logs;
        try (Stream<Path> files = Files.list(stack.gateway().accessLog().getParent())) {
            logs = files.filter(Files::isRegularFile).toList();
        }

        // Indexed by their last 16 characters (tokens share their first ones: the JWT header), so each log is
        // read once, whatever the number of tokens the run's load tests handled.
        Map<String, List<String>> byEnding = secrets.stream()
                .collect(Collectors.groupingBy(secret -> secret.substring(secret.length() - 16)));
        for (Path log : logs) {
            String content = Files.readString(log);
            for (int end = 16; end <= content.length(); end++) {
                List<String> candidates = byEnding.get(content.substring(end - 16, end));
                if (candidates == null) {
                    continue;
                }
                for (String secret : candidates) {
                    assertThat(content.startsWith(secret, end - secret.length()))
                            .as("%s contains a secret or token starting %s...", log.getFileName(), secret.substring(0, 6))
                            .isFalse();
                }
            }
        }
        System.out.printf("log check: %d secrets and tokens searched for in %d logs %s%n", secrets.size(), logs.size(),
                logs.stream().map(p -> p.getFileName().toString()).toList());
        assertThat(secrets).as("the run handled secrets and tokens").hasSizeGreaterThan(10);
        assertThat(logs).extracting(p -> p.getFileName().toString()).contains("keycloak.log", "gateway-access.log");
    }
}
