package com.restoration.partnerapi.keycloak.quota;

import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * The realm's default token quota, as a tab of the admin console's <em>Realm settings</em>: Keycloak's own
 * console extension point, which keeps the values as a component of the realm (so they are in realm exports and
 * imports too). A client attribute overrides them for one client ({@link TokenQuota}).
 */
public class TokenQuotaSettingsTab implements UiTabProvider, UiTabProviderFactory<ComponentModel> {

    /** The console shows the id as the tab's title. */
    public static final String ID = "Partner token quotas";
    public static final String PROVIDER_TYPE = UiTabProvider.class.getName();

    static final String PER_HOUR = "tokensPerHour";
    static final String PER_DAY = "tokensPerDay";
    static final String MODE = "mode";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Tokens a partner client may get from /authenticate per UTC hour and per UTC day, across all Keycloak"
                + " nodes. A client attribute (" + TokenQuota.PER_HOUR + ", " + TokenQuota.PER_DAY + ", "
                + TokenQuota.MODE + ") overrides these for one client.";
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", "partner-token-quotas");
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(PER_HOUR).label("Tokens per hour")
                .helpText("Tokens one partner client may get per UTC hour; 0 for no hourly limit.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("0").add()
                .property().name(PER_DAY).label("Tokens per day")
                .helpText("Tokens one partner client may get per UTC day; 0 for no daily limit.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("0").add()
                .property().name(MODE).label("Mode")
                .helpText("enforce: a partner over quota gets 429 and no token. monitor: it gets its token and the"
                        + " overrun is only counted (partner_api_quota_exceeded_total{mode=\"monitor\"}).")
                .type(ProviderConfigProperty.LIST_TYPE).options("enforce", "monitor").defaultValue("enforce").add()
                .build();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        for (String count : List.of(PER_HOUR, PER_DAY)) {
            String value = model.get(count);
            if (value != null && !value.isBlank() && TokenQuota.parseCount(value).isEmpty()) {
                throw new ComponentValidationException("%s must be a whole number of tokens, 0 or more", count);
            }
        }
        String mode = model.get(MODE);
        if (mode != null && !mode.isBlank() && TokenQuota.Mode.parse(mode).isEmpty()) {
            throw new ComponentValidationException("mode must be enforce or monitor");
        }
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
