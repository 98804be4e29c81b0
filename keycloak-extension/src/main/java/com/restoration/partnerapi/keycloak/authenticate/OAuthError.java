package com.restoration.partnerapi.keycloak.authenticate;

/**
 * An RFC 6749 §5.2 error: the HTTP status, the error code and a description a partner can act on, and for a
 * refused burst of attempts ({@code 429}) the seconds to wait.
 */
record OAuthError(int status, String error, String description, String retryAfter) {

    OAuthError(int status, String error, String description) {
        this(status, error, description, null);
    }

    static final String INVALID_REQUEST = "invalid_request";
    static final String INVALID_CLIENT = "invalid_client";
    static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";

    static OAuthError invalidRequest(String description) {
        return new OAuthError(400, INVALID_REQUEST, description);
    }

    static OAuthError invalidClient() {
        return new OAuthError(401, INVALID_CLIENT, "Invalid client or Invalid client credentials");
    }

    static OAuthError clientAuthenticationRequired() {
        return new OAuthError(401, INVALID_CLIENT,
                "Client authentication is required: send client_id and client_secret in the body, or HTTP Basic");
    }

    static OAuthError unauthorizedClient(String description) {
        return new OAuthError(400, UNAUTHORIZED_CLIENT, description);
    }

    static OAuthError unsupportedGrantType() {
        return new OAuthError(400, UNSUPPORTED_GRANT_TYPE,
                "Only grant_type=client_credentials is supported here");
    }

    /** RFC 6749 §5.2: a 401 for a failed client authentication carries a challenge. */
    boolean needsChallenge() {
        return status == 401;
    }
}
