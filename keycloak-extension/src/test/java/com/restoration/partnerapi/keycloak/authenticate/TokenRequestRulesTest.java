package com.restoration.partnerapi.keycloak.authenticate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.junit.jupiter.api.Test;

/**
 * The rules' acceptances that no HTTP test sends. Every refusal is a row of the integration tests'
 * AuthenticateBadInputCatalogueIT, against the real Keycloak; it is not repeated here.
 */
class TokenRequestRulesTest {

    @Test
    void acceptsAFormContentTypeWithACharset() {
        assertThat(TokenRequestRules.isForm("application/x-www-form-urlencoded; charset=UTF-8")).isTrue();
        assertThat(accepts("application/x-www-form-urlencoded;charset=utf-8", null,
                form("client_id", "acme", "client_secret", "s3cret", "grant_type", "client_credentials"))).isTrue();
    }

    @Test
    void acceptsHttpBasicWithTheSameClientIdInTheBody() {
        assertThat(accepts("application/x-www-form-urlencoded", basic("acme", "s3cret"),
                form("grant_type", "client_credentials", "client_id", "acme"))).isTrue();
    }

    private static boolean accepts(String contentType, String authorization, MultivaluedMap<String, String> form) {
        return TokenRequestRules.check(new TokenRequestRules.TokenRequest(contentType, authorization,
                new MultivaluedHashMap<>(), form)).isEmpty();
    }

    private static MultivaluedMap<String, String> form(String... pairs) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
