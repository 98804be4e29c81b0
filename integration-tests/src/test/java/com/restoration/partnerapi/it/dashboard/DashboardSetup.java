package com.restoration.partnerapi.it.dashboard;

import java.util.Locale;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import com.restoration.partnerapi.it.support.AdminApi;
import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.Partners.Partner;
import com.restoration.partnerapi.it.support.SeenSecrets;
import com.restoration.partnerapi.it.support.StaffLogin;
import com.restoration.partnerapi.it.support.TestStack;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * What is there before a partner's staff open the dashboard: the partner, provisioned by an operator, and its staff,
 * invited by an operator, each with the password they chose from the invitation. (The test stack registers the
 * dashboard's address with its Keycloak client, as a deployment does with its BASE_URL.)
 */
final class DashboardSetup {

    /** Someone who logs in to the dashboard: their username (their email) and the password they chose. */
    record Person(String username, String password, String userId) {
    }

    private final TestStack stack;
    private final Operators operators;

    DashboardSetup(TestStack stack) {
        this.stack = stack;
        this.operators = new Operators(stack);
    }

    /** {@code POST partners} as an operator: the partner's client and its first secret. */
    Partner provisionPartner(String prefix, String name) {
        String clientId = Partners.uniqueId(prefix);
        Reply created = operators.postJson(operators.partnersUrl(), operators.adminToken(),
                "{\"client_id\": \"" + clientId + "\", \"name\": \"" + name + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("Provisioning " + clientId + " gave " + created.status() + ": "
                    + created.body());
        }
        String location = created.header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        return new Partner(clientId, created.json().get("client_secret").asText(), id);
    }

    /**
     * {@code POST partners/{client_id}/staff} as an operator, then what the invited person does with the invitation:
     * chooses a password (the link in the email proves the address).
     */
    Person invite(Partner partner, String firstName) {
        String email = Partners.uniqueId(firstName.toLowerCase(Locale.ROOT)) + "@" + partner.clientId() + ".example";
        Reply invited = operators.postJson(operators.staffUrl(partner.clientId()), operators.adminToken(),
                "{\"email\": \"" + email + "\", \"first_name\": \"" + firstName + "\", \"last_name\": \"Tester\"}");
        if (invited.status() != 201) {
            throw new IllegalStateException("Inviting " + email + " gave " + invited.status() + ": " + invited.body());
        }
        Person person = new Person(invited.json().get("username").asText(), newPassword(),
                invited.json().get("user_id").asText());
        choosePassword(person);
        return person;
    }

    /** A user of the partners realm who belongs to no partner (an operator, say), with a password. */
    Person personOfNoPartner() {
        String username = Partners.uniqueId("nobody");
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@platform.example");
        user.setEmailVerified(true);
        user.setFirstName("No");
        user.setLastName("Partner");
        user.setEnabled(true);
        try (Response created = realm().users().create(user)) {
            String id = AdminApi.createdId(created, "Creating user " + username);
            Person person = new Person(username, newPassword(), id);
            choosePassword(person);
            return person;
        }
    }

    /** The client's secret as Keycloak's admin API shows it. */
    String currentSecret(Partner partner) {
        String secret = realm().clients().get(partner.id()).getSecret().getValue();
        SeenSecrets.add(secret);
        return secret;
    }

    /** What the invited person does with the invitation: chooses a password (the link proves the address). */
    private void choosePassword(Person person) {
        StaffLogin.setPassword(stack.admin(), person.userId(), person.password());
    }

    private static String newPassword() {
        String password = "Chosen-" + UUID.randomUUID();
        SeenSecrets.add(password);
        return password;
    }

    private RealmResource realm() {
        return stack.admin().realm(KeycloakServer.REALM);
    }
}
