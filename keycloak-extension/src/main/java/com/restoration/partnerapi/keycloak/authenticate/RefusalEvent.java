package com.restoration.partnerapi.keycloak.authenticate;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.OAuth2Constants;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;

/**
 * For a request refused by {@link TokenRequestRules} before Keycloak saw it: the {@code CLIENT_LOGIN_ERROR} event
 * Keycloak's token endpoint records for a failed client login, so that operators find every refusal in one place.
 */
final class RefusalEvent {

    /** What the event store's client id column holds. */
    private static final int MAX_CLIENT_ID_LENGTH = 255;

    private RefusalEvent() {
    }

    static void record(EventBuilder event, TokenRequestRules.TokenRequest request, OAuthError error) {
        MultivaluedMap<String, String> form = request.form();
        String clientId = form.getFirst(OAuth2Constants.CLIENT_ID);
        if (clientId == null && request.authorization() != null) {
            String[] basic = TokenRequestRules.parseBasic(request.authorization());
            clientId = basic == null ? null : basic[0];
        }
        if (clientId != null && (clientId.length() > MAX_CLIENT_ID_LENGTH || clientId.chars().anyMatch(Character::isISOControl))) {
            clientId = null; // not a client id, and PostgreSQL refuses a NUL in the event store
        }
        event.event(EventType.CLIENT_LOGIN)
                .client(clientId)
                .detail(Details.GRANT_TYPE, form.getFirst(OAuth2Constants.GRANT_TYPE))
                .detail(Details.REASON, error.description())
                .error(error.error());
    }
}
