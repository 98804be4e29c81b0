package com.restoration.partnerapi.keycloak.authenticate;

import jakarta.ws.rs.core.Response;

import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * Turns an error from Keycloak's token endpoint into the RFC 6749 §5.2 error a partner gets.
 *
 * <p>Keycloak answers a wrong secret with {@code unauthorized_client}; the RFC (and our partners) expect
 * {@code 401 invalid_client} for every failed client authentication, and {@code 400 unauthorized_client}
 * only for an authenticated client that may not use this grant.
 */
final class KeycloakErrorTranslation {

    private KeycloakErrorTranslation() {
    }

    /**
     * @param response            the error response Keycloak built
     * @param clientAuthenticated whether Keycloak's client authentication had succeeded before the error
     */
    static OAuthError translate(Response response, boolean clientAuthenticated) {
        int status = response.getStatus();
        String error = null;
        String description = null;
        if (response.getEntity() instanceof OAuth2ErrorRepresentation representation) {
            error = representation.getError();
            description = representation.getErrorDescription();
        }
        if (status == 429) {
            // Brute-force lockout (GuardedClientSecretAuthenticator): keep its status and Retry-After.
            return new OAuthError(429, OAuthError.INVALID_CLIENT, description, response.getHeaderString("Retry-After"));
        }
        return translate(status, error, description, clientAuthenticated);
    }

    static OAuthError translate(int status, String error, String description, boolean clientAuthenticated) {
        boolean clientError = OAuthError.INVALID_CLIENT.equals(error) || OAuthError.UNAUTHORIZED_CLIENT.equals(error);
        if (!clientAuthenticated && (clientError || status == 401 || error == null)) {
            return OAuthError.invalidClient();
        }
        if (clientAuthenticated && clientError) {
            return OAuthError.unauthorizedClient(description == null ? "Client may not use this grant" : description);
        }
        if (error == null) {
            return OAuthError.invalidRequest("The token request was rejected");
        }
        return new OAuthError(status, error, description);
    }
}
