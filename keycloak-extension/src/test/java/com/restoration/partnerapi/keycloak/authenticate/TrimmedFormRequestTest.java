package com.restoration.partnerapi.keycloak.authenticate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.junit.jupiter.api.Test;

class TrimmedFormRequestTest {

    @Test
    void trimsTheLayoutOfTheDocumentedCurlBody() {
        // How a form decoder splits "\n  client_id=acme&\n  client_secret=s&\n  grant_type=client_credentials\n "
        MultivaluedMap<String, String> raw = new MultivaluedHashMap<>();
        raw.add("\n        client_id", "acme");
        raw.add("\n        client_secret", "s3cret");
        raw.add("\n        grant_type", "client_credentials\n    ");

        MultivaluedMap<String, String> trimmed = TrimmedFormRequest.trim(raw);

        assertThat(trimmed).containsOnlyKeys("client_id", "client_secret", "grant_type");
        assertThat(trimmed.getFirst("grant_type")).isEqualTo("client_credentials");
        assertThat(trimmed.getFirst("client_secret")).isEqualTo("s3cret");
    }

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
