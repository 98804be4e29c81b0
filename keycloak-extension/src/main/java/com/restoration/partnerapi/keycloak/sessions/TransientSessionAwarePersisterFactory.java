package com.restoration.partnerapi.keycloak.sessions;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.session.JpaUserSessionPersisterProviderFactory;
import org.keycloak.models.session.UserSessionPersisterProvider;

/**
 * Registers {@link TransientSessionAwarePersister} under Keycloak's own id, {@code jpa}, with a higher
 * {@link #order()} than the built-in factory, so it replaces that one wherever Keycloak persists sessions. Its
 * option is the built-in one: {@code --spi-user-sessions-persister--jpa--expiration-batch}.
 */
public class TransientSessionAwarePersisterFactory extends JpaUserSessionPersisterProviderFactory {

    private int expirationBatch = DEFAULT_EXPIRATION_BATCH;

    @Override
    public void init(Config.Scope config) {
        super.init(config);
        expirationBatch = config.getInt("expirationBatch", DEFAULT_EXPIRATION_BATCH);
    }

    @Override
    public UserSessionPersisterProvider create(KeycloakSession session) {
        return new TransientSessionAwarePersister(session,
                session.getProvider(JpaConnectionProvider.class).getEntityManager(), expirationBatch);
    }

    /** Higher than the built-in factory's 100. */
    @Override
    public int order() {
        return 200;
    }
}
