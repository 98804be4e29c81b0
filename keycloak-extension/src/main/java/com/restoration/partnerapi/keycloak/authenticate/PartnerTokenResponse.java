package com.restoration.partnerapi.keycloak.authenticate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.keycloak.common.util.Base64Url;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.util.JsonSerialization;

/** The documented token response: these three fields and nothing else. */
@JsonPropertyOrder({"access_token", "token_type", "expires_in"})
record PartnerTokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {

    /**
     * {@code expires_in} is the token's lifetime, exp - iat. Keycloak's own expires_in counts from the moment it
     * answers (exp - now), which reads 3599 whenever a second ticks between issuing and answering; partners are
     * promised the lifetime itself. Within one second (the clock read before the grant and after it agree) the two
     * are equal, and only otherwise is the token read again.
     *
     * @param secondBefore Keycloak's clock ({@code Time.currentTime()}) before the grant ran
     * @param secondAfter  the same clock after it answered
     */
    static PartnerTokenResponse of(AccessTokenResponse keycloak, int secondBefore, int secondAfter) {
        long lifetime = secondBefore == secondAfter ? keycloak.getExpiresIn() : lifetime(keycloak);
        return new PartnerTokenResponse(keycloak.getToken(), keycloak.getTokenType(), lifetime);
    }

    /** The response body, exactly these three fields in this order. */
    byte[] json() {
        try {
            return JsonSerialization.mapper.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Two strings and a number always serialize", e);
        }
    }

    /** exp - iat, from the token's payload; Keycloak's figure if the token does not say. */
    private static long lifetime(AccessTokenResponse response) {
        try {
            String[] parts = response.getToken().split("\\.", 3);
            Times times = JsonSerialization.readValue(Base64Url.decode(parts[1]), Times.class);
            if (times.exp() != null && times.iat() != null) {
                return times.exp() - times.iat();
            }
        } catch (Exception notAJwt) {
            // fall through to Keycloak's figure
        }
        return response.getExpiresIn();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Times(Long exp, Long iat) {
    }
}
