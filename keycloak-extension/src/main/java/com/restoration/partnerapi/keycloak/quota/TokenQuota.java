package com.restoration.partnerapi.keycloak.quota;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * A partner's token quota: tokens per UTC hour and per UTC day (0: no limit in that window), enforced or only
 * monitored. The realm's default is the console's <em>Realm settings → Partner token quotas</em> tab
 * ({@link TokenQuotaSettingsTab}); a client attribute overrides any of its three values for one client.
 */
public record TokenQuota(long perHour, long perDay, Mode mode) {

    private static final Logger LOG = Logger.getLogger(TokenQuota.class);

    public static final String PER_HOUR = "partner-api.token-quota.per-hour";
    public static final String PER_DAY = "partner-api.token-quota.per-day";
    public static final String MODE = "partner-api.token-quota.mode";

    /** What a realm without the settings tab saved has: no limit, as before quotas existed. */
    public static final TokenQuota NONE = new TokenQuota(0, 0, Mode.ENFORCE);

    public enum Mode {
        /** Over quota: 429 and no token. */
        ENFORCE,
        /** Over quota: the token is issued and the overrun only counted, to learn a partner's needs first. */
        MONITOR;

        static Optional<Mode> parse(String value) {
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Mode.valueOf(value.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                return Optional.empty();
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean limited() {
        return perHour > 0 || perDay > 0;
    }

    public long limit(Window window) {
        return window == Window.HOUR ? perHour : perDay;
    }

    /** The realm's default, overridden value by value by the client's attributes. */
    public static TokenQuota of(RealmModel realm, ClientModel client) {
        TokenQuota realmDefault = realmDefault(realm);
        return new TokenQuota(
                count(client.getAttribute(PER_HOUR), client, PER_HOUR).orElse(realmDefault.perHour()),
                count(client.getAttribute(PER_DAY), client, PER_DAY).orElse(realmDefault.perDay()),
                Mode.parse(client.getAttribute(MODE)).orElse(realmDefault.mode()));
    }

    /** The realm's default, read from its components at most once a second per realm and node. */
    static TokenQuota realmDefault(RealmModel realm) {
        return REALM_DEFAULTS.get(realm.getId(), () -> readRealmDefault(realm));
    }

    private static final RememberedForASecond<TokenQuota> REALM_DEFAULTS = new RememberedForASecond<>();

    private static TokenQuota readRealmDefault(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), TokenQuotaSettingsTab.PROVIDER_TYPE)
                .filter(component -> TokenQuotaSettingsTab.ID.equals(component.getProviderId()))
                .findFirst()
                .map(TokenQuota::fromSettings)
                .orElse(NONE);
    }

    static TokenQuota fromSettings(ComponentModel settings) {
        return fromValues(Map.of(
                TokenQuotaSettingsTab.PER_HOUR, nullToEmpty(settings.get(TokenQuotaSettingsTab.PER_HOUR)),
                TokenQuotaSettingsTab.PER_DAY, nullToEmpty(settings.get(TokenQuotaSettingsTab.PER_DAY)),
                TokenQuotaSettingsTab.MODE, nullToEmpty(settings.get(TokenQuotaSettingsTab.MODE))));
    }

    static TokenQuota fromValues(Map<String, String> values) {
        return new TokenQuota(
                parseCount(values.get(TokenQuotaSettingsTab.PER_HOUR)).orElse(0L),
                parseCount(values.get(TokenQuotaSettingsTab.PER_DAY)).orElse(0L),
                Mode.parse(values.get(TokenQuotaSettingsTab.MODE)).orElse(Mode.ENFORCE));
    }

    /** A whole number of tokens, 0 or more; anything else is no value at all. */
    static Optional<Long> parseCount(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            long count = Long.parseLong(value.trim());
            return count < 0 ? Optional.empty() : Optional.of(count);
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    private static Optional<Long> count(String value, ClientModel client, String attribute) {
        Optional<Long> count = parseCount(value);
        if (count.isEmpty() && value != null && !value.isBlank()) {
            // A typo must not lift a partner's limit silently: the realm's default applies, and the log says why.
            LOG.warnf("Client %s: attribute %s is not a whole number of tokens; the realm's default applies",
                    client.getClientId(), attribute);
        }
        return count;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
