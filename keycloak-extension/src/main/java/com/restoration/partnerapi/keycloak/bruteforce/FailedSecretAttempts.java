package com.restoration.partnerapi.keycloak.bruteforce;

import java.util.Map;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Counts failed client-secret checks per (realm, client, source address) in a fixed window, in Keycloak's
 * single-use-object store: a replicated cache across a Keycloak cluster, entries expiring with their window.
 *
 * <p>Writes run in a transaction of their own: the failed request's transaction is rolled back, and the count
 * must outlive it. The count is read and written without a lock, so a concurrent flood may be counted a little low; the
 * lockout still starts within a few attempts of the limit, which is what slowing a guesser needs.
 */
final class FailedSecretAttempts {

    private static final String PREFIX = "partner-api.failed-secret:";
    private static final String FAILURES = "failures";
    private static final String WINDOW_ENDS = "window-ends";

    private final KeycloakSession session;
    private final LockoutPolicy policy;

    FailedSecretAttempts(KeycloakSession session, LockoutPolicy policy) {
        this.session = session;
        this.policy = policy;
    }

    /** What the store says of a source: whether it has failures counted, and how long it is locked out for. */
    record Standing(boolean hasFailures, long lockedForSeconds) {

        static final Standing CLEAN = new Standing(false, 0);

        boolean locked() {
            return lockedForSeconds > 0;
        }
    }

    /** One read of the store, for both the lockout check and the clean-up after a success. */
    Standing standing(String realmId, String clientId, String source) {
        Map<String, String> entry = session.singleUseObjects().get(key(realmId, clientId, source));
        if (entry == null) {
            return Standing.CLEAN;
        }
        long remaining = Long.parseLong(entry.get(WINDOW_ENDS)) - Time.currentTime();
        boolean locked = Integer.parseInt(entry.get(FAILURES)) >= policy.maxFailures() && remaining > 0;
        return new Standing(true, locked ? remaining : 0);
    }

    void recordFailure(String realmId, String clientId, String source) {
        String key = key(realmId, clientId, source);
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
                own -> increment(own.singleUseObjects(), key));
    }

    private void increment(SingleUseObjectProvider store, String key) {
        Map<String, String> entry = store.get(key);
        long now = Time.currentTime();
        long windowEnds = entry == null ? now + policy.windowSeconds() : Long.parseLong(entry.get(WINDOW_ENDS));
        int failures = entry == null ? 1 : Integer.parseInt(entry.get(FAILURES)) + 1;
        long lifespan = Math.max(1, windowEnds - now);
        store.put(key, lifespan, Map.of(FAILURES, String.valueOf(failures), WINDOW_ENDS, String.valueOf(windowEnds)));
    }

    void clear(String realmId, String clientId, String source) {
        String key = key(realmId, clientId, source);
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> own.singleUseObjects().remove(key));
    }

    private static String key(String realmId, String clientId, String source) {
        return PREFIX + realmId + ":" + source + ":" + clientId;
    }
}
