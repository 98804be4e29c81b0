package com.restoration.partnerapi.keycloak.authenticate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The documented token response: these three fields and nothing else. */
@JsonPropertyOrder({"access_token", "token_type", "expires_in"})
record PartnerTokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {
}
