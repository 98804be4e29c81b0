package com.restoration.partnerapi.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java that runs Keycloak in the tests: {@code -Dit.keycloak.java.home} if set, otherwise the newest JDK
 * Keycloak 26 supports (25, 21 or 17) found under /usr/lib/jvm, otherwise the JDK running the tests. Keycloak
 * signs every token, and a newer JDK signs faster; Java 17 still works.
 */
final class KeycloakJava {

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final Set<Integer> SUPPORTED = Set.of(17, 21, 25);

    private KeycloakJava() {
    }

    static Path home() {
        String configured = Settings.optional("it.keycloak.java.home", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        return newestSupported(Path.of("/usr/lib/jvm")).orElse(Path.of(System.getProperty("java.home")));
    }

    static Optional<Path> newestSupported(Path jvms) {
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> SUPPORTED.contains(major(home)))
                    .max(Comparator.comparingInt(KeycloakJava::major));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int major(Path home) {
        try {
            Matcher matcher = VERSION.matcher(Files.readString(home.resolve("release")));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
