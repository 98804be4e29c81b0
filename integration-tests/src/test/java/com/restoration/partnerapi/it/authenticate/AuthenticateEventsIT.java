package com.restoration.partnerapi.it.authenticate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.EventRepresentation;

/** The login events an operator sees in the admin console, as Keycloak's own token endpoint records them. */
@ExtendWith(StackExtension.class)
class AuthenticateEventsIT {

    @Test
    void recordsClientLoginForAnIssuedToken(TestStack stack) {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("events-ok"));

        PartnerClient.Reply reply = stack.partner().authenticate("client_id", acme.clientId(),
                "client_secret", acme.secret(), "grant_type", "client_credentials");

        assertThat(reply.status()).isEqualTo(200);
        List<EventRepresentation> events = eventsOf(stack, acme.clientId(), "CLIENT_LOGIN");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getDetails()).containsEntry("grant_type", "client_credentials");
    }

    @Test
    void recordsClientLoginErrorForAWrongSecret(TestStack stack) {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("events-bad"));

        stack.partner().authenticate("client_id", acme.clientId(), "client_secret", "wrong",
                "grant_type", "client_credentials");

        List<EventRepresentation> events = eventsOf(stack, acme.clientId(), "CLIENT_LOGIN_ERROR");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getError()).isEqualTo("invalid_client_credentials");
        assertThat(events.get(0).toString()).doesNotContain("wrong");
    }

    @Test
    void recordsClientLoginErrorForASecretInTheUrl(TestStack stack) {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("events-url"));
        PartnerClient partner = stack.partner();

        partner.postForm(partner.authenticateUrl() + "?client_secret=" + acme.secret(),
                PartnerClient.form("client_id", acme.clientId(), "grant_type", "client_credentials"), java.util.Map.of());

        List<EventRepresentation> events = eventsOf(stack, acme.clientId(), "CLIENT_LOGIN_ERROR");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getError()).isEqualTo("invalid_request");
    }

    private static List<EventRepresentation> eventsOf(TestStack stack, String clientId, String type) {
        return stack.admin().realm(KeycloakServer.REALM)
                .getEvents(List.of(type), clientId, null, null, null, null, 0, 50);
    }
}
