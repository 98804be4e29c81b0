package com.restoration.partnerapi.it.authenticate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void recordsClientLoginForAnIssuedTokenWithTheEventListeners(TestStack stack) throws Exception {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("events-ok"));

        PartnerClient.Reply reply = stack.partner().authenticate("client_id", acme.clientId(),
                "client_secret", acme.secret(), "grant_type", "client_credentials");

        assertThat(reply.status()).isEqualTo(200);
        // Successes go to the realm's event listeners (jboss-logging: the server log), not to the event store:
        // a stored row per issued token would grow the database with every partner call.
        Path log = Path.of(System.getProperty("it.logs.dir"), "keycloak.log");
        String expected = "type=\"CLIENT_LOGIN\", realmId=";
        long deadline = System.currentTimeMillis() + 10_000;
        List<String> lines = List.of();
        while (System.currentTimeMillis() < deadline) {
            lines = Files.readAllLines(log).stream()
                    .filter(line -> line.contains(expected) && line.contains("clientId=\"" + acme.clientId() + "\"")).toList();
            if (!lines.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("grant_type=\"client_credentials\"");
        assertThat(eventsOf(stack, acme.clientId(), "CLIENT_LOGIN")).isEmpty();
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
