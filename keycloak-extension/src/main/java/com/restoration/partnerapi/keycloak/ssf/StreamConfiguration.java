package com.restoration.partnerapi.keycloak.ssf;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A stream as the receiver sees it (SSF 1.0 §8.1.1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StreamConfiguration(@JsonProperty("stream_id") String streamId,
                           @JsonProperty("iss") String issuer,
                           @JsonProperty("aud") String audience,
                           @JsonProperty("events_supported") List<String> eventsSupported,
                           @JsonProperty("events_requested") List<String> eventsRequested,
                           @JsonProperty("events_delivered") List<String> eventsDelivered,
                           @JsonProperty("delivery") Delivery delivery,
                           @JsonProperty("min_verification_interval") int minVerificationInterval,
                           @JsonProperty("inactivity_timeout") int inactivityTimeout,
                           @JsonProperty("description") String description) {

    static final String POLL = "urn:ietf:rfc:8936";

    record Delivery(@JsonProperty("method") String method, @JsonProperty("endpoint_url") String endpointUrl) {
    }

    record Status(@JsonProperty("stream_id") String streamId, @JsonProperty("status") String status,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("reason") String reason) {
    }
}
