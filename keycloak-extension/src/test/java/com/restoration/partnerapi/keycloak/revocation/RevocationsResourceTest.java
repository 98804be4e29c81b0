package com.restoration.partnerapi.keycloak.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevocationsResourceTest {

    private static final String TAG = "0123abcd";

    @Test
    void anUnchangedPollMatchesItsTag() {
        assertThat(RevocationsResource.matches("\"0123abcd\"", TAG)).isTrue();
        assertThat(RevocationsResource.matches("W/\"0123abcd\"", TAG)).isTrue();
        assertThat(RevocationsResource.matches("\"ffff\", \"0123abcd\"", TAG)).isTrue();
        assertThat(RevocationsResource.matches("*", TAG)).isTrue();
    }

    @Test
    void anyOtherTagOrNoneGetsTheDocument() {
        assertThat(RevocationsResource.matches(null, TAG)).isFalse();
        assertThat(RevocationsResource.matches("\"ffff\"", TAG)).isFalse();
        assertThat(RevocationsResource.matches("0123abcd", TAG)).isFalse();
    }
}
