package com.restoration.partnerapi.keycloak.sessions;

import jakarta.persistence.EntityManager;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.jpa.session.JpaUserSessionPersisterProvider;
import org.keycloak.models.utils.UserSessionModelDelegate;

/**
 * Keycloak's JPA user-session persister, except that it does not look in the database for a client session of a
 * transient user session. A client_credentials grant (every partner token) runs in a transient user session, which
 * is never written anywhere, so its client sessions cannot be in the database; Keycloak 26's persistent sessions
 * still look them up there, one query per token (decision 10).
 */
final class TransientSessionAwarePersister extends JpaUserSessionPersisterProvider {

    TransientSessionAwarePersister(KeycloakSession session, EntityManager em, int expirationBatch) {
        super(session, em, expirationBatch);
    }

    @Override
    public AuthenticatedClientSessionModel loadClientSession(RealmModel realm, ClientModel client,
                                                             UserSessionModel userSession, boolean offline) {
        if (isTransient(userSession)) {
            return null;
        }
        return super.loadClientSession(realm, client, userSession, offline);
    }

    /**
     * Keycloak's session writer asks about stored sessions through a {@link UserSessionModelDelegate} that carries
     * an id and nothing else (its other methods fail); such a session is stored, never transient.
     */
    private static boolean isTransient(UserSessionModel userSession) {
        return !(userSession instanceof UserSessionModelDelegate)
                && userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT;
    }
}
