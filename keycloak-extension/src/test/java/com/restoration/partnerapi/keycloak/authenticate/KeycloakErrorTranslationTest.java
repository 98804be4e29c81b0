package com.restoration.partnerapi.keycloak.authenticate;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

class KeycloakErrorTranslationTest {

    @Test
    void wrongSecretBecomesInvalidClient() {
        // Keycloak's ClientIdAndSecretAuthenticator answers a wrong secret like this.
        OAuthError error = KeycloakErrorTranslation.translate(401, "unauthorized_client",
                "Invalid client or Invalid client credentials", false);

        assertThat(error).isEqualTo(OAuthError.invalidClient());
        assertThat(error.status()).isEqualTo(Response.Status.UNAUTHORIZED);
    }

    @Test
    void unknownClientStaysInvalidClient() {
        assertThat(KeycloakErrorTranslation.translate(401, "invalid_client", "Invalid client", false))
                .isEqualTo(OAuthError.invalidClient());
    }

    @Test
    void authenticatedClientWithoutTheGrantBecomesUnauthorizedClientWith400() {
        OAuthError error = KeycloakErrorTranslation.translate(401, "unauthorized_client",
                "Client not enabled to retrieve service account", true);

        assertThat(error).isEqualTo(new OAuthError(Response.Status.BAD_REQUEST, "unauthorized_client",
                "Client not enabled to retrieve service account"));
    }

    @Test
    void otherErrorsPassThrough() {
        assertThat(KeycloakErrorTranslation.translate(400, "invalid_scope", "Invalid scopes: x", true))
                .isEqualTo(new OAuthError(Response.Status.BAD_REQUEST, "invalid_scope", "Invalid scopes: x"));
    }
}
