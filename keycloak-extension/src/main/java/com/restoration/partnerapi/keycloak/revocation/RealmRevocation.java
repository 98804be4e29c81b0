package com.restoration.partnerapi.keycloak.revocation;

import com.restoration.partnerapi.keycloak.ssf.EventQueue;
import org.keycloak.models.RealmModel;
import org.keycloak.models.KeycloakSession;

/**
 * The realm's own not-before, raised by an administrator: every token of the realm issued before it is void. The
 * feed reads it from the realm; Shared Signals streams get an event once per raise, in the admin request's
 * transaction (the last time published is a realm attribute, so every node agrees on what was sent).
 */
final class RealmRevocation {

    static final String PUBLISHED = "partner-api.realm-not-before-published";

    private RealmRevocation() {
    }

    static void publishIfRaised(KeycloakSession session, RealmModel realm) {
        int notBefore = realm.getNotBefore();
        if (notBefore <= published(realm)) {
            return;
        }
        realm.setAttribute(PUBLISHED, notBefore);
        EventQueue.realmRevoked(session, realm, notBefore);
    }

    private static int published(RealmModel realm) {
        try {
            String value = realm.getAttribute(PUBLISHED);
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
