package com.restoration.partnerapi.keycloak.ssf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SsfRequestsTest {

    @Test
    void aPollAcknowledgesAndLimitsWhatItAsksFor() {
        SsfRequests.Poll poll = SsfRequests.poll("{\"ack\":[\"a\",\"b\"],\"setErrs\":{\"c\":{\"err\":\"invalid_key\","
                + "\"description\":\"no key\"}},\"maxEvents\":100000,\"returnImmediately\":true}");

        assertThat(poll.acknowledged()).containsExactly("a", "b");
        assertThat(poll.errors()).isEqualTo(Map.of("c", "invalid_key"));
        assertThat(poll.maxEvents()).isEqualTo(Delivery.MAX_EVENTS);
        assertThat(poll.returnImmediately()).isTrue();
    }

    @Test
    void anEmptyPollIsALongPollForAsManyAsAllowed() {
        SsfRequests.Poll poll = SsfRequests.poll("");

        assertThat(poll.acknowledged()).isEmpty();
        assertThat(poll.maxEvents()).isEqualTo(Delivery.MAX_EVENTS);
        assertThat(poll.returnImmediately()).isFalse();
    }

    @Test
    void malformedPollsAreRefusedWithAReason() {
        for (String body : List.of("[]", "{not json", "{\"ack\":\"a\"}", "{\"ack\":[1]}", "{\"ack\":[\"\"]}",
                "{\"maxEvents\":-1}", "{\"maxEvents\":1.5}", "{\"returnImmediately\":\"yes\"}", "{\"setErrs\":[]}",
                "{\"ack\":[\"" + "x".repeat(65) + "\"]}")) {
            assertThatThrownBy(() -> SsfRequests.poll(body)).as(body)
                    .isInstanceOf(SsfRequests.Invalid.class).hasMessageNotContaining("Exception");
        }
    }

    @Test
    void onlyPollDeliveryIsOffered() {
        SsfRequests.pollDelivery(SsfRequests.object("{\"delivery\":{\"method\":\"urn:ietf:rfc:8936\"}}"));
        SsfRequests.pollDelivery(SsfRequests.object("{}"));

        assertThatThrownBy(() -> SsfRequests.pollDelivery(SsfRequests.object(
                "{\"delivery\":{\"method\":\"urn:ietf:rfc:8935\",\"endpoint_url\":\"https://receiver.example/\"}}")))
                .isInstanceOf(SsfRequests.Invalid.class).hasMessageContaining("poll");
    }

    @Test
    void aStreamDeliversTheSupportedTypesItAskedFor() {
        assertThat(Streams.delivered(null)).isEqualTo(EventTypes.SUPPORTED);
        assertThat(Streams.delivered(List.of(EventTypes.SESSION_REVOKED, "https://example.com/unknown")))
                .containsExactly(EventTypes.SESSION_REVOKED);
    }

    @Test
    void aRevocationSaysFromWhenTokensAreVoid() {
        assertThat(Revocation.SECRET_REPLACED.events(1_700_000_000)).isEqualTo(Map.of(EventTypes.CREDENTIAL_CHANGE,
                Map.of("credential_type", "client_secret", "change_type", "update", "event_timestamp", 1_700_000_000,
                        "reason_admin", Map.of("en", "The client's secret was replaced"))));
        assertThat(Revocation.ACCESS_ENDED.events(5).get(EventTypes.SESSION_REVOKED).toString())
                .contains("event_timestamp=5");
    }
}
