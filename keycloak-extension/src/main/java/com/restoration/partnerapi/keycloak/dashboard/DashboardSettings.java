package com.restoration.partnerapi.keycloak.dashboard;

import org.keycloak.Config;

/**
 * The dashboard's one setting, a Keycloak option of the realm resource:
 * {@code --spi-realm-restapi-extension--partner-api--dashboard-reauthentication-seconds} (300): how young a login
 * must be to reveal or rotate a secret.
 */
public final class DashboardSettings {

    /** The public client the dashboard's page logs its users in with (realm-config/partners-realm.json). */
    public static final String CLIENT_ID = "partner-dashboard";
    static final int DEFAULT_REAUTHENTICATION_SECONDS = 300;

    private static volatile int reauthenticationSeconds = DEFAULT_REAUTHENTICATION_SECONDS;

    private DashboardSettings() {
    }

    public static void configure(Config.Scope config) {
        int seconds = config.getInt("dashboard-reauthentication-seconds", DEFAULT_REAUTHENTICATION_SECONDS);
        reauthenticationSeconds = Math.max(1, seconds);
    }

    static int reauthenticationSeconds() {
        return reauthenticationSeconds;
    }
}
