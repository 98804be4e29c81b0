package com.restoration.partnerapi.keycloak.revocation;

import java.util.Map;
import java.util.TreeMap;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;

/**
 * The revocations resource servers enforce, per client_id: "tokens of this client issued before this second are
 * void". Kept as realm attributes, so that a deleted or renamed client's entry outlives the client (a client
 * created later under the same client_id must not inherit its tokens), reading it costs no walk over the realm's
 * clients (the realm is cached), and every node of a cluster sees one state.
 *
 * <p>An entry is dropped once every token it revoked has expired: after the realm's access token lifespan, and
 * never sooner than a day.
 */
public final class RevocationLog {

    private static final Logger LOG = Logger.getLogger(RevocationLog.class);
    static final String PREFIX = "partner-api.revoked.";
    /** The database's limit for a realm attribute's name. */
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MIN_RETENTION_SECONDS = 24 * 3600;

    private RevocationLog() {
    }

    static void record(RealmModel realm, String clientId, int notBefore) {
        String name = PREFIX + clientId;
        if (name.length() > MAX_NAME_LENGTH) {
            LOG.warnf("Client id of %d characters: its revocation is enforced by Keycloak only, not published",
                    clientId.length());
            return;
        }
        if (parse(realm.getAttribute(name)) < notBefore) {
            realm.setAttribute(name, notBefore);
        }
    }

    /** client_id to not-before time, in seconds since the epoch. */
    public static Map<String, Integer> entries(RealmModel realm) {
        Map<String, Integer> clients = new TreeMap<>();
        realm.getAttributes().forEach((name, value) -> {
            int notBefore = parse(value);
            if (name.startsWith(PREFIX) && notBefore > 0) {
                clients.put(name.substring(PREFIX.length()), notBefore);
            }
        });
        return clients;
    }

    /** A value someone edited into something else than seconds counts as no entry, never as an error. */
    private static int parse(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Drops expired entries; the caller runs it apart from the revocations, as a clean-up that may fail. */
    static void prune(RealmModel realm) {
        long oldest = (long) Time.currentTime() - Math.max(realm.getAccessTokenLifespan(), MIN_RETENTION_SECONDS);
        realm.getAttributes().forEach((name, value) -> {
            if (name.startsWith(PREFIX) && parse(value) < oldest) {
                realm.removeAttribute(name);
            }
        });
    }
}
