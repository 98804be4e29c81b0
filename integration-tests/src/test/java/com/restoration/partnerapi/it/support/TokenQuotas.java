package com.restoration.partnerapi.it.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;

/** The realm's token quota (Realm settings → Partner token quotas) and a client's override of it. */
public final class TokenQuotas {

    public static final String SETTINGS_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    public static final String SETTINGS_ID = "Partner token quotas";
    /** What the test stacks set as the realm's default: load tests take thousands of tokens for one partner. */
    public static final long TEST_PER_HOUR = 1_000_000;
    public static final long TEST_PER_DAY = 10_000_000;

    private TokenQuotas() {
    }

    /** The realm's default as the console's tab keeps it. */
    public static ComponentRepresentation realmDefault(Keycloak admin) {
        String realmId = admin.realm(KeycloakServer.REALM).toRepresentation().getId();
        return admin.realm(KeycloakServer.REALM).components().query(realmId, SETTINGS_TYPE).stream()
                .filter(component -> SETTINGS_ID.equals(component.getProviderId()))
                .findFirst().orElseThrow(() -> new AssertionError("The realm has no " + SETTINGS_ID + " settings"));
    }

    /** Sets the realm's default, as an operator saves the console's tab. */
    public static void setRealmDefault(Keycloak admin, long perHour, long perDay, String mode) {
        ComponentRepresentation settings = realmDefault(admin);
        settings.getConfig().put("tokensPerHour", List.of(Long.toString(perHour)));
        settings.getConfig().put("tokensPerDay", List.of(Long.toString(perDay)));
        settings.getConfig().put("mode", List.of(mode));
        admin.realm(KeycloakServer.REALM).components().component(settings.getId()).update(settings);
    }

    /** The test stacks' default, far above what any test takes; quota tests give their partners an override. */
    static void raiseForTests(Keycloak admin) {
        setRealmDefault(admin, TEST_PER_HOUR, TEST_PER_DAY, "enforce");
    }

    /** Sets a client's override attributes (a null value removes that one). */
    public static void override(Keycloak admin, String id, Long perHour, Long perDay, String mode) {
        ClientResource resource = admin.realm(KeycloakServer.REALM).clients().get(id);
        ClientRepresentation client = resource.toRepresentation();
        Map<String, String> attributes = client.getAttributes();
        put(attributes, "partner-api.token-quota.per-hour", perHour == null ? null : perHour.toString());
        put(attributes, "partner-api.token-quota.per-day", perDay == null ? null : perDay.toString());
        put(attributes, "partner-api.token-quota.mode", mode);
        resource.update(client);
    }

    private static void put(Map<String, String> attributes, String name, String value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    /**
     * Waits, when the hour is about to end, for the next one: a test counting tokens must not see its window reset
     * halfway. Returns the seconds left in the hour once it may go on.
     */
    public static long awayFromTheHoursEnd(long neededSeconds) {
        long left = 3_600 - Instant.now().getEpochSecond() % 3_600;
        if (left <= neededSeconds) {
            Load.pause((left + 1) * 1_000);
            left = 3_600 - Instant.now().getEpochSecond() % 3_600;
        }
        return left;
    }
}
