package com.restoration.partnerapi.keycloak.authenticate;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakContext;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * Turns an error from Keycloak's token endpoint into the RFC 6749 §5.2 error a partner gets.
 *
 * <p>Keycloak answers a wrong secret with {@code unauthorized_client}; the RFC (and our partners) expect
 * {@code 401 invalid_client} for every failed client authentication, and {@code 400 unauthorized_client}
 * only for an authenticated client that may not use this grant. Every other error is Keycloak's, passed on as it
 * threw it: the brute-force lockout's {@code 429}, {@code invalid_scope}, a duplicated parameter.
 */
final class KeycloakErrorTranslation {

    private static final int TOO_MANY_REQUESTS = 429;

    private KeycloakErrorTranslation() {
    }

    /** The exception to throw in place of Keycloak's: Keycloak's own unless it breaks the contract. */
    static WebApplicationException translate(WebApplicationException keycloakError, KeycloakContext context) {
        Response response = keycloakError.getResponse();
        if (response.getStatus() == TOO_MANY_REQUESTS) {
            return keycloakError;
        }
        String error = null;
        String description = null;
        if (response.getEntity() instanceof OAuth2ErrorRepresentation representation) {
            error = representation.getError();
            description = representation.getErrorDescription();
        }
        boolean clientError = OAuthErrorException.INVALID_CLIENT.equals(error)
                || OAuthErrorException.UNAUTHORIZED_CLIENT.equals(error);
        // Keycloak names the client in the request context only once its authentication succeeded.
        boolean clientAuthenticated = context.getClient() != null;
        if (!clientAuthenticated && (clientError || response.getStatus() == 401 || error == null)) {
            return OAuthError.invalidClient().toException(context);
        }
        if (clientError) {
            return OAuthError.unauthorizedClient(description == null ? "Client may not use this grant" : description)
                    .toException(context);
        }
        if (error == null) {
            return OAuthError.invalidRequest("The token request was rejected").toException(context);
        }
        if (response.getStatus() == 401) {
            // An authenticated client refused with a 401 (its service account disabled, say): still RFC 6749's challenge.
            OAuthError.challenge(context);
        }
        return keycloakError;
    }
}
