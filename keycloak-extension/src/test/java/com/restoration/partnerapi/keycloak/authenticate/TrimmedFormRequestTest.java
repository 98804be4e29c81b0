package com.restoration.partnerapi.keycloak.authenticate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.junit.jupiter.api.Test;

/** Edge cases of trimming; the documented curl body itself is AuthenticateTokenIT's, against the real Keycloak. */
class TrimmedFormRequestTest {

    @Test
    void keepsNamesThatTrimToTheSameNameAsRepeatedValues() {
        MultivaluedMap<String, String> raw = new MultivaluedHashMap<>();
        raw.add("client_id", "acme");
        raw.add(" client_id", "other");

        assertThat(TrimmedFormRequest.trim(raw).get("client_id")).containsExactlyInAnyOrder("acme", "other");
    }

    @Test
    void dropsEmptyNamesLeftByATrailingAmpersand() {
        MultivaluedMap<String, String> raw = new MultivaluedHashMap<>();
        raw.add("grant_type", "client_credentials");
        raw.add("\n  ", "");

        assertThat(TrimmedFormRequest.trim(raw)).containsOnlyKeys("grant_type");
        assertThat(TrimmedFormRequest.trim(null)).isEmpty();
        assertThat(TrimmedFormRequest.trim(raw).get("grant_type")).isEqualTo(List.of("client_credentials"));
    }
}
