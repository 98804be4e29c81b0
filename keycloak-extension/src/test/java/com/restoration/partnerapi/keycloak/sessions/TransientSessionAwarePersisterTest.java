package com.restoration.partnerapi.keycloak.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionModel.SessionPersistenceState;
import org.keycloak.models.utils.UserSessionModelDelegate;

/**
 * Which client-session lookups reach the database. That tokens are still issued and sessions still kept is the
 * integration tests' (every token of every test goes through this persister).
 */
class TransientSessionAwarePersisterTest {

    private final List<String> queries = new ArrayList<>();

    /** An EntityManager that finds nothing and records what it was asked. */
    private final EntityManager database = stub(EntityManager.class, (method, args) -> {
        queries.add(method);
        return null;
    });

    private final TransientSessionAwarePersister persister = new TransientSessionAwarePersister(null, database, 10);

    private final RealmModel realm = stub(RealmModel.class, (method, args) -> "realm-id");

    private final ClientModel client = stub(ClientModel.class, (method, args) -> "client-id");

    @Test
    void aTransientSessionsClientSessionIsNotLookedUp() {
        assertThat(persister.loadClientSession(realm, client, userSession(SessionPersistenceState.TRANSIENT), false)).isNull();
        assertThat(queries).isEmpty();
    }

    @Test
    void aPersistentSessionsClientSessionIsLookedUpAsKeycloakDoes() {
        assertThat(persister.loadClientSession(realm, client, userSession(SessionPersistenceState.PERSISTENT), false)).isNull();
        assertThat(persister.loadClientSession(realm, client, userSession(null), true)).isNull();
        assertThat(queries).containsExactly("find", "find");
    }

    @Test
    void theSessionWritersIdOnlyStandInIsLookedUpWithoutAskingItAnythingElse() {
        UserSessionModel idOnly = new UserSessionModelDelegate(null) {
            @Override
            public String getId() {
                return "stored-user-session";
            }
        };

        assertThat(persister.loadClientSession(realm, client, idOnly, false)).isNull();
        assertThat(queries).containsExactly("find");
    }

    private static UserSessionModel userSession(SessionPersistenceState state) {
        return stub(UserSessionModel.class, (method, args) -> switch (method) {
            case "getPersistenceState" -> state;
            case "getId" -> "user-session-" + state;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T stub(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
