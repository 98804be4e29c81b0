package com.restoration.partnerapi.keycloak.ssf;

import org.keycloak.models.RealmModel;

/**
 * How long a queued event, and a stream nobody polls, is kept: until every token an event may revoke has expired
 * (the realm's access token lifespan), and never less than a day, as for the revocation log.
 */
final class Retention {

    private static final int MIN_SECONDS = 24 * 3600;

    private Retention() {
    }

    static int seconds(RealmModel realm) {
        return Math.max(realm.getAccessTokenLifespan(), MIN_SECONDS);
    }
}
