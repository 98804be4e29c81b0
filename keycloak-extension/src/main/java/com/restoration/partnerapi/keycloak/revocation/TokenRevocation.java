package com.restoration.partnerapi.keycloak.revocation;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import com.restoration.partnerapi.keycloak.ssf.EventQueue;
import com.restoration.partnerapi.keycloak.ssf.Revocation;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Revokes every token issued to a client so far, when its credentials die: Keycloak's own per-client "not before"
 * time (which Keycloak's introspection enforces), an entry in the {@link RevocationLog}, and a Shared Signals event
 * in every stream that asked for it ({@link EventQueue}), in one transaction: resource servers that validate JWTs
 * offline hear of it from their stream (or, until the feed is removed, from {@link RevocationsResource}).
 *
 * <p>The order matters, because token times are whole seconds and a token is valid from its client's not-before
 * on ({@code iat >= notBefore}):
 * <ol>
 *   <li>the change that kills the credential commits first (after it, the old secret issues nothing);</li>
 *   <li>then the not-before is set to the second after now, so every token the old credential issued, even in
 *       this very second, is older;</li>
 *   <li>then the request waits (at most a second) until that second has begun before it answers, so no token
 *       issued with the new secret, or to a client created anew under the same client_id, is born revoked.</li>
 * </ol>
 * Keycloak commits a request's transaction before it writes the response, so steps 2 and 3 run as an
 * after-completion step of the request's transaction, once per request whatever the number of clients.
 */
public final class TokenRevocation {

    private static final Logger LOG = Logger.getLogger(TokenRevocation.class);
    private static final String PENDING = TokenRevocation.class.getName() + ".pending";
    static final String NOT_BEFORE_SEEN = "partner-api.not-before-seen";
    private static final int ATTEMPTS = 3;

    /**
     * A client whose tokens are to be revoked: its id where it still exists, the client_id tokens carry, and why
     * (what the Shared Signals event says).
     */
    record Revoked(String realmId, String id, String clientId, Revocation why, int cutOff) {
    }

    private TokenRevocation() {
    }

    /** Revokes the client's tokens once the request's transaction has committed, before the response is sent. */
    public static void afterCommit(KeycloakSession session, RealmModel realm, ClientModel client, Revocation why) {
        afterCommit(session, new Revoked(realm.getId(), client.getId(), client.getClientId(), why, 0));
    }

    /**
     * With a cut-off already past (tokens issued before {@code cutOff} are void, later ones live on), in the caller's
     * transaction: nothing to wait for.
     */
    static void revokeInThisTransaction(KeycloakSession session, RealmModel realm, ClientModel client, Revocation why,
            int cutOff) {
        revoke(session, Set.of(new Revoked(realm.getId(), client.getId(), client.getClientId(), why, cutOff)));
    }

    /** For a client that is gone or renamed: its former client_id's tokens. */
    static void afterCommit(KeycloakSession session, RealmModel realm, String clientId) {
        afterCommit(session, new Revoked(realm.getId(), null, clientId, Revocation.ACCESS_ENDED, 0));
    }

    private static void afterCommit(KeycloakSession session, Revoked revoked) {
        @SuppressWarnings("unchecked")
        Set<Revoked> pending = session.getAttribute(PENDING, Set.class);
        if (pending == null) {
            Set<Revoked> batch = new LinkedHashSet<>();
            session.setAttribute(PENDING, batch);
            KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    try {
                        revokeNow(factory, batch);
                    } catch (RuntimeException e) {
                        // The change itself has committed; say loudly that its old tokens live on.
                        LOG.errorf(e, "Credentials of %s changed, but their tokens could not be revoked: use the "
                                + "client's Advanced → Revocation → Set to now", batch);
                    }
                }

                @Override
                protected void rollbackImpl() {
                    // The change did not happen: nothing died.
                }
            });
            pending = batch;
        }
        pending.add(revoked);
    }

    /**
     * Revokes, in a transaction of its own, the tokens of clients whose credential change has committed, and returns
     * once the revocation is in force (at most a second later), so that the caller may hand out the new credentials.
     * Two revocations at once may collide on a realm attribute; the loser tries again.
     *
     * @return the not-before time now in force, in seconds since the epoch (0 when there was nothing to revoke)
     */
    static int revokeNow(KeycloakSessionFactory factory, Set<Revoked> clients) {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int inForce = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> revoke(session, clients));
                pruneQuietly(factory, clients);
                awaitInForce(inForce);
                return inForce;
            } catch (RuntimeException e) {
                failure = e;
                LOG.debugf(e, "Revocation attempt %d of %d failed", attempt, ATTEMPTS);
            }
        }
        throw failure;
    }

    private static int revoke(KeycloakSession session, Set<Revoked> clients) {
        int next = Time.currentTime() + 1;
        int inForce = 0;
        for (Revoked revoked : clients) {
            int notBefore = revoked.cutOff() > 0 ? Math.min(revoked.cutOff(), next) : next;
            RealmModel realm = session.realms().getRealm(revoked.realmId());
            if (realm == null) {
                continue; // the whole realm went
            }
            ClientModel client = revoked.id() == null ? null : session.clients().getClientById(realm, revoked.id());
            if (client != null && client.getClientId().equals(revoked.clientId())) {
                if (client.getNotBefore() < notBefore) {
                    client.setNotBefore(notBefore);
                }
                client.setAttribute(NOT_BEFORE_SEEN, String.valueOf(client.getNotBefore()));
                SecretFingerprint.keep(client);
            }
            RevocationLog.record(realm, revoked.clientId(), notBefore);
            EventQueue.clientRevoked(session, realm, revoked.clientId(), notBefore, revoked.why());
            inForce = Math.max(inForce, notBefore);
            LOG.infof("Client %s of realm %s: tokens issued before %d are revoked", revoked.clientId(),
                    realm.getName(), notBefore);
        }
        return inForce;
    }

    /** The not-before time this extension last set or saw on the client: a higher one was set by someone else. */
    static int notBeforeSeen(ClientModel client) {
        try {
            String seen = client.getAttribute(NOT_BEFORE_SEEN);
            return seen == null ? 0 : Integer.parseInt(seen);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void pruneQuietly(KeycloakSessionFactory factory, Set<Revoked> clients) {
        Set<String> realmIds = new LinkedHashSet<>();
        clients.forEach(revoked -> realmIds.add(revoked.realmId()));
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> realmIds.stream()
                    .map(session.realms()::getRealm)
                    .filter(Objects::nonNull)
                    .forEach(RevocationLog::prune));
        } catch (RuntimeException e) {
            LOG.debugf(e, "Pruning expired revocations failed; the next revocation tries again");
        }
    }

    /**
     * One client, from a request that has already committed its change (the operators' rotation): returns once the
     * revocation is in force, so the new secret it answers with cannot issue a token born revoked.
     */
    public static int revokeNow(KeycloakSessionFactory factory, RealmModel realm, ClientModel client, Revocation why) {
        return revokeNow(factory, Set.of(new Revoked(realm.getId(), client.getId(), client.getClientId(), why, 0)));
    }

    /**
     * Waits until {@code notBefore} has begun, so that a token issued with the new credentials (which the caller is
     * about to learn) cannot be born revoked. At most a second.
     */
    private static void awaitInForce(int notBefore) {
        long waitMillis = notBefore * 1000L - Time.currentTimeMillis();
        if (notBefore > 0 && waitMillis > 0) {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
