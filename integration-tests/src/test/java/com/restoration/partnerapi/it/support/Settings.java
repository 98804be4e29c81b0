package com.restoration.partnerapi.it.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the run finds what it starts; set by the failsafe configuration in the pom. */
final class Settings {

    private Settings() {
    }

    static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set; run the tests through Maven (mvn verify)");
        }
        return value;
    }

    static String optional(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null ? fallback : value;
    }

    static Path existingFile(String name) {
        Path path = Path.of(required(name)).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(name + " points to " + path + ", which does not exist; build the project first (mvn verify)");
        }
        return path;
    }

    static Path logsDir() {
        return Path.of(optional("it.logs.dir", "target/it-logs")).toAbsolutePath();
    }

    /** Where the browser tests write their screenshots (and, on a failure, what the page showed). */
    static Path screenshotsDir() {
        return Path.of(optional("it.screenshots.dir", "target/screenshots")).toAbsolutePath();
    }

    /** The docs' screenshots, when this run should regenerate them (-Dit.update.screenshots=true); else null. */
    static Path docsScreenshotsDir() {
        return Boolean.parseBoolean(optional("it.update.screenshots", "false"))
                ? Path.of(required("it.docs.screenshots.dir")).toAbsolutePath().normalize()
                : null;
    }
}
