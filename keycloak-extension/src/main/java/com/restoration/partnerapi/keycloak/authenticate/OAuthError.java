package com.restoration.partnerapi.keycloak.authenticate;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakContext;
import org.keycloak.services.ErrorResponseException;

/** An RFC 6749 §5.2 error: the HTTP status, the error code and a description a partner can act on. */
record OAuthError(Response.Status status, String error, String description) {

    static OAuthError invalidRequest(String description) {
        return new OAuthError(Response.Status.BAD_REQUEST, OAuthErrorException.INVALID_REQUEST, description);
    }

    static OAuthError invalidClient() {
        return new OAuthError(Response.Status.UNAUTHORIZED, OAuthErrorException.INVALID_CLIENT,
                "Invalid client or Invalid client credentials");
    }

    static OAuthError clientAuthenticationRequired() {
        return new OAuthError(Response.Status.UNAUTHORIZED, OAuthErrorException.INVALID_CLIENT,
                "Client authentication is required: send client_id and client_secret in the body, or HTTP Basic");
    }

    static OAuthError unauthorizedClient(String description) {
        return new OAuthError(Response.Status.BAD_REQUEST, OAuthErrorException.UNAUTHORIZED_CLIENT, description);
    }

    static OAuthError unsupportedGrantType() {
        return new OAuthError(Response.Status.BAD_REQUEST, OAuthErrorException.UNSUPPORTED_GRANT_TYPE,
                "Only grant_type=client_credentials is supported here");
    }

    /**
     * Keycloak's own exception for this error (it also marks the request's transaction for rollback). A 401 for a
     * failed client authentication carries RFC 6749 §5.2's challenge, set on the response as Keycloak's token
     * endpoint sets its Cache-Control.
     */
    ErrorResponseException toException(KeycloakContext context) {
        if (status == Response.Status.UNAUTHORIZED) {
            challenge(context);
        }
        return new ErrorResponseException(error, description, status);
    }

    /** RFC 6749 §5.2: a 401 names the authentication scheme the client may use. */
    static void challenge(KeycloakContext context) {
        context.getHttpResponse().setHeader(HttpHeaders.WWW_AUTHENTICATE,
                "Basic realm=\"" + context.getRealm().getName() + "\"");
    }
}
