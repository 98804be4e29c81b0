package com.restoration.partnerapi.keycloak.authenticate;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/** Builds token endpoint responses: the documented body and, for errors, RFC 6749 §5.2's body and challenge. */
final class TokenResponses {

    private TokenResponses() {
    }

    static Response token(AccessTokenResponse token) {
        PartnerTokenResponse body = new PartnerTokenResponse(token.getToken(), token.getTokenType(), lifetime(token));
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    static Response error(OAuthError error, String realmName) {
        Response.ResponseBuilder builder = Response.status(error.status())
                .entity(new OAuth2ErrorRepresentation(error.error(), error.description()))
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (error.retryAfter() != null) {
            builder.header("Retry-After", error.retryAfter());
        }
        if (error.needsChallenge()) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realmName + "\"");
        }
        return builder.build();
    }

    /**
     * The token's lifetime, exp - iat. Keycloak's expires_in counts from the moment it answers and so reads 3599
     * whenever a second ticks in between; partners are promised the lifetime itself.
     */
    private static long lifetime(AccessTokenResponse response) {
        try {
            AccessToken token = new JWSInput(response.getToken()).readJsonContent(AccessToken.class);
            if (token.getExp() != null && token.getIat() != null) {
                return token.getExp() - token.getIat();
            }
        } catch (JWSInputException notAJwt) {
            // fall through to Keycloak's figure
        }
        return response.getExpiresIn();
    }
}
