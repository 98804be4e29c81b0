package com.restoration.partnerapi.keycloak.bruteforce;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.keycloak.common.util.Time;
import org.keycloak.jose.jws.crypto.HashUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Counts failed client authentications per (realm, client_id, source address) in Keycloak's single-use-object
 * store: a replicated cache across a Keycloak cluster, entries expiring by themselves.
 *
 * <p>Each failure takes the lowest free numbered slot with {@code putIfAbsent}, which the store makes atomic even
 * across nodes, so parallel guesses cannot share a count; a slot expires a window after it was taken, so the slots
 * held are the failures of the last window. The failure that finds every slot below the limit taken sets the
 * lockout marker, which holds its own end time for {@code Retry-After}. The client_id is hashed into the key: an
 * unknown one of any length costs a key of fixed size.
 *
 * <p>A failure is counted once its secret was checked, so a burst of requests sent at the same moment is checked
 * whole before the lockout begins (a successful login then costs one read, not two writes); the gateway's rate
 * limit bounds such bursts on {@code /authenticate}, and Keycloak's own endpoints stay behind it.
 *
 * <p>Writes run in a transaction of their own: the failed request's transaction is rolled back, and the count must
 * outlive it.
 */
final class FailedSecretAttempts {

    private static final String PREFIX = "partner-api.failed-secret:";
    private static final String LOCKED = "#locked";
    private static final String ENDS = "ends";

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

    Standing standing(String realmId, String clientId, String source) {
        String key = key(realmId, clientId, source);
        SingleUseObjectProvider store = session.singleUseObjects();
        Map<String, String> locked = store.get(key + LOCKED);
        if (locked != null) {
            long remaining = Long.parseLong(locked.get(ENDS)) - Time.currentTime();
            if (remaining > 0) {
                return new Standing(true, remaining);
            }
        }
        return store.contains(slot(key, 1)) ? new Standing(true, 0) : Standing.CLEAN;
    }

    /** Counts a failure; true when it began a lockout. */
    boolean recordFailure(String realmId, String clientId, String source) {
        String key = key(realmId, clientId, source);
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), own -> {
            SingleUseObjectProvider store = own.singleUseObjects();
            for (int slot = 1; slot < policy.maxFailures(); slot++) {
                if (store.putIfAbsent(slot(key, slot), policy.windowSeconds())) {
                    return false;
                }
            }
            // Every slot below the limit is taken: this is failure number max-failures (or more, in a race).
            store.put(key + LOCKED, policy.windowSeconds(),
                    Map.of(ENDS, String.valueOf(Time.currentTime() + policy.windowSeconds())));
            return true;
        });
    }

    void clear(String realmId, String clientId, String source) {
        String key = key(realmId, clientId, source);
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
            for (int slot = 1; slot < policy.maxFailures(); slot++) {
                own.singleUseObjects().remove(slot(key, slot));
            }
        });
    }

    private static String slot(String key, int number) {
        return key + "#" + number;
    }

    private static String key(String realmId, String clientId, String source) {
        return PREFIX + realmId + "/" + source + "/" + HashUtils.sha256UrlEncodedHash(clientId, StandardCharsets.UTF_8);
    }
}
