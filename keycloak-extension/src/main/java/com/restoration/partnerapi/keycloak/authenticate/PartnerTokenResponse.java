package com.restoration.partnerapi.keycloak.authenticate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;

/** The documented token response: these three fields and nothing else. */
@JsonPropertyOrder({"access_token", "token_type", "expires_in"})
record PartnerTokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {

    static PartnerTokenResponse of(AccessTokenResponse keycloak) {
        return new PartnerTokenResponse(keycloak.getToken(), keycloak.getTokenType(), lifetime(keycloak));
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
