package com.restoration.partnerapi.keycloak.bruteforce;

import org.keycloak.Config;

/**
 * How many failed secrets a source may send for one client within a window before it is refused until the
 * window ends. Keycloak options:
 * {@code --spi-client-authenticator--client-secret--max-failures} (default 10) and
 * {@code --spi-client-authenticator--client-secret--window-seconds} (default 60).
 */
record LockoutPolicy(int maxFailures, int windowSeconds) {

    static final int DEFAULT_MAX_FAILURES = 10;
    static final int DEFAULT_WINDOW_SECONDS = 60;

    LockoutPolicy {
        if (maxFailures < 1 || windowSeconds < 1) {
            throw new IllegalArgumentException("max-failures and window-seconds must be at least 1");
        }
    }

    static LockoutPolicy from(Config.Scope config) {
        return new LockoutPolicy(config.getInt("max-failures", DEFAULT_MAX_FAILURES),
                config.getInt("window-seconds", DEFAULT_WINDOW_SECONDS));
    }
}
