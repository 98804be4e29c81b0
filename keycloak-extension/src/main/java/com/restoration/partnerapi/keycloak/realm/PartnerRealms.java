package com.restoration.partnerapi.keycloak.realm;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.Config;
import org.keycloak.models.RealmModel;

/**
 * The realms this extension serves: {@code /authenticate}, the revocation feed, the operators' endpoints, the
 * lockout and revocation on credential loss act there and nowhere else (never in {@code master}).
 *
 * <p>One Keycloak option, read when the server starts:
 * {@code --spi-realm-restapi-extension--partner-api--realms=partners} (comma-separated; default {@value #DEFAULT}).
 * The other providers of the jar read the same setting from here.
 */
public final class PartnerRealms {

    static final String DEFAULT = "partners";

    private static volatile Set<String> names = Set.of(DEFAULT);

    private PartnerRealms() {
    }

    static void configure(Config.Scope config) {
        String value = config == null ? null : config.get("realms");
        names = parse(value == null ? DEFAULT : value);
    }

    static Set<String> parse(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public static boolean serves(RealmModel realm) {
        return realm != null && names.contains(realm.getName());
    }
}
