package com.restoration.partnerapi.it.authenticate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Our provider sits beside Keycloak's token endpoint and must leave it exactly as it was. */
@ExtendWith(StackExtension.class)
class StandardTokenEndpointIT {

    @Test
    void standardTokenEndpointStillIssuesKeycloaksOwnResponse(TestStack stack) {
        PartnerClient partner = stack.partner();

        Reply reply = partner.postForm(partner.standardTokenUrl(), PartnerClient.form("client_id", "demo-partner",
                "client_secret", stack.keycloak().demoPartnerSecret(), "grant_type", "client_credentials"), Map.of());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("access_token").asText()).isNotBlank();
        // Keycloak counts from the moment it answers, so a second may have passed since the token was issued.
        assertThat(reply.json().get("expires_in").asInt()).isBetween(3599, 3600);
        // Keycloak's own shape, with fields our /authenticate leaves out.
        assertThat(reply.json().has("scope")).isTrue();
        assertThat(reply.json().has("not-before-policy")).isTrue();
    }

    @Test
    void standardTokenEndpointKeepsItsOwnErrorForAWrongSecret(TestStack stack) {
        PartnerClient partner = stack.partner();

        Reply reply = partner.postForm(partner.standardTokenUrl(), PartnerClient.form("client_id", "demo-partner",
                "client_secret", "wrong", "grant_type", "client_credentials"), Map.of());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asText()).isEqualTo("unauthorized_client");
    }
}
