package com.restoration.partnerapi.keycloak.authenticate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Base64Url;
import org.keycloak.representations.AccessTokenResponse;

/**
 * The body is the contract's three fields, and expires_in is the token's lifetime, whether or not a second ticked while
 * Keycloak issued it.
 */
class PartnerTokenResponseTest {

    /** A token issued at 1000 for 3600 s, answered at 1001: Keycloak says 3599. */
    private static AccessTokenResponse keycloakAnswer(String token, long expiresIn) {
        AccessTokenResponse response = new AccessTokenResponse();
        response.setToken(token);
        response.setTokenType("Bearer");
        response.setExpiresIn(expiresIn);
        return response;
    }

    private static String jwt(String payloadJson) {
        return Base64Url.encode("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + Base64Url.encode(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void theBodyIsTheThreeFieldsInTheContractsOrder() {
        byte[] body = new PartnerTokenResponse("eyJ.x.y", "Bearer", 3600).json();

        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo("{\"access_token\":\"eyJ.x.y\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    @Test
    void withinOneSecondKeycloaksFigureIsTheLifetime() {
        PartnerTokenResponse response = PartnerTokenResponse.of(keycloakAnswer("not-read", 3600), 1000, 1000);

        assertThat(response).isEqualTo(new PartnerTokenResponse("not-read", "Bearer", 3600));
    }

    @Test
    void acrossASecondTheLifetimeComesFromTheToken() {
        String token = jwt("{\"exp\":4600,\"iat\":1000,\"azp\":\"acme\",\"scope\":\"orders:read\"}");

        PartnerTokenResponse response = PartnerTokenResponse.of(keycloakAnswer(token, 3599), 1000, 1001);

        assertThat(response.expiresIn()).isEqualTo(3600);
        assertThat(response.accessToken()).isEqualTo(token);
    }

    @Test
    void aTokenWithoutTimesKeepsKeycloaksFigure() {
        assertThat(PartnerTokenResponse.of(keycloakAnswer(jwt("{\"azp\":\"acme\"}"), 3599), 1000, 1001).expiresIn())
                .isEqualTo(3599);
        assertThat(PartnerTokenResponse.of(keycloakAnswer("opaque", 3599), 1000, 1001).expiresIn()).isEqualTo(3599);
    }
}
