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
 * only for an authenticated client that may not use this grant. The brute-force lockout's {@code 429} is already
 * what partners are promised and passes through as the client-secret authenticator built it.
 */
final class KeycloakErrorTranslation {

    private static final int TOO_MANY_REQUESTS = 429;

    private KeycloakErrorTranslation() {
    }

    /** The exception to throw instead of Keycloak's; Keycloak's own where it already keeps the contract. */
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
        // Keycloak names the client in the request context only once its authentication succeeded.
        boolean clientAuthenticated = context.getClient() != null;
        return translate(response.getStatus(), error, description, clientAuthenticated).toException(context);
    }

    private static OAuthError translate(int status, String error, String description, boolean clientAuthenticated) {
        boolean clientError = OAuthErrorException.INVALID_CLIENT.equals(error)
                || OAuthErrorException.UNAUTHORIZED_CLIENT.equals(error);
        if (!clientAuthenticated && (clientError || status == 401 || error == null)) {
            return OAuthError.invalidClient();
        }
        if (clientAuthenticated && clientError) {
            return OAuthError.unauthorizedClient(description == null ? "Client may not use this grant" : description);
        }
        if (error == null) {
            return OAuthError.invalidRequest("The token request was rejected");
        }
        return new OAuthError(Response.Status.fromStatusCode(status), error, description);
    }
}
