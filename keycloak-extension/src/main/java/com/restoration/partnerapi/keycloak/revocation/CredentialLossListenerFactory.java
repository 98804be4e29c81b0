package com.restoration.partnerapi.keycloak.revocation;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.TimerProvider;

/**
 * Global, so a credential loss revokes tokens whatever a realm's event settings; it acts only in the realms the
 * extension serves. Also registers the {@link ClientChangeListener} for Keycloak's model events.
 */
public class CredentialLossListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "partner-api-token-revocation";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new CredentialLossListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new ClientChangeListener());
        // Once the database is ready: every node looks for grace periods that ended.
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                        .scheduleTask(new GracePeriodEnds(), GracePeriodEnds.INTERVAL_MILLIS));
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
