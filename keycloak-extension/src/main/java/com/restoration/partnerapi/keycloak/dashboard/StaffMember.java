package com.restoration.partnerapi.keycloak.dashboard;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The person behind a dashboard request: a user of the realm logged in through the dashboard's own client, with a
 * live session. A token of any other client (a partner's service account, the admin console's) is refused: the
 * dashboard is for people, and for this page only.
 */
record StaffMember(UserModel user, UserSessionModel userSession, AccessToken token) {

    static StaffMember authenticate(KeycloakSession session) {
        AuthenticationManager.AuthResult result = new AppAuthManager.BearerTokenAuthenticator(session)
                .setRealm(session.getContext().getRealm())
                .setUriInfo(session.getContext().getUri())
                .setConnection(session.getContext().getConnection())
                .setHeaders(session.getContext().getRequestHeaders())
                .authenticate();
        if (result == null || result.user() == null || result.session() == null
                || !DashboardSettings.CLIENT_ID.equals(result.token().getIssuedFor())
                || result.user().getServiceAccountClientLink() != null || !result.user().isEnabled()) {
            throw unauthorized();
        }
        return new StaffMember(result.user(), result.session(), result.token());
    }

    /**
     * RFC 9470: a reveal or a rotation needs a login younger than the window; otherwise the page sends the user to
     * log in again ({@code max_age}) and repeats the request.
     */
    void requireRecentLogin() {
        int window = DashboardSettings.reauthenticationSeconds();
        String authTime = userSession.getNote(AuthenticationManager.AUTH_TIME);
        long loggedInAt = authTime != null ? Long.parseLong(authTime) : userSession.getStarted();
        // The token too must come from that login or after it: one taken before it gains nothing by a new login.
        long issuedAt = token.getIat() != null ? token.getIat() : 0;
        if (Time.currentTime() - loggedInAt > window || issuedAt < loggedInAt) {
            OAuth2ErrorRepresentation error = new OAuth2ErrorRepresentation("login_required",
                    "Log in again to reveal or rotate a secret");
            throw new ErrorResponseException(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer error=\"insufficient_user_authentication\", error_description=\"A more recent"
                                    + " login is required\", max_age=" + window)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ReauthenticationRequired(error.getError(), error.getErrorDescription(), window))
                    .build());
        }
    }

    record ReauthenticationRequired(@JsonProperty("error") String error,
                                    @JsonProperty("error_description") String description,
                                    @JsonProperty("max_age") int maxAge) {
    }

    static ErrorResponseException unauthorized() {
        return new ErrorResponseException(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"partner-dashboard\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OAuth2ErrorRepresentation("invalid_token", "Log in to the dashboard"))
                .build());
    }
}
