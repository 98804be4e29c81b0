package com.restoration.partnerapi.it.bruteforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.restoration.partnerapi.it.support.KeycloakServer;
import com.restoration.partnerapi.it.support.PartnerClient;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * Someone guessing a partner's secret from one address is refused after N failures; the partner, calling from
 * its own address with the right secret, keeps getting tokens. Addresses come through X-Forwarded-For from
 * the local proxy address Keycloak trusts (proxy-trusted-addresses=127.0.0.1), as behind the gateway.
 */
@ExtendWith(StackExtension.class)
class ClientSecretBruteForceIT {

    /** The default of --spi-client-authenticator--client-secret--max-failures. */
    private static final int MAX_FAILURES = 10;
    // Private-range addresses: the realm requires HTTPS for public ones (sslRequired=external) and this test runs on HTTP.
    private static final String ATTACKER = "10.66.0.7";
    private static final String PARTNER = "10.77.0.9";

    @Test
    void hundredWrongSecretsFromOneAddressAreRefusedAfterTheLimitWhileThePartnerKeepsWorking(TestStack stack) {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("guessed"));
        PartnerClient client = stack.partner();

        assertGuessingIsContained(client, client.authenticateUrl(), acme);
        // Lockouts show in the admin console's events.
        List<EventRepresentation> lockouts = stack.admin().realm(KeycloakServer.REALM)
                .getEvents(List.of("CLIENT_LOGIN_ERROR"), acme.clientId(), null, null, null, ATTACKER, 0, 200);
        assertThat(lockouts).filteredOn(e -> "user_temporarily_disabled".equals(e.getError()))
                .hasSize(100 - MAX_FAILURES)
                .allSatisfy(e -> assertThat(e.getDetails()).containsEntry("reason", "client_secret_brute_force_lockout"));
    }

    @Test
    void theStandardTokenEndpointIsProtectedTheSameWay(TestStack stack) {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("guessed-std"));
        PartnerClient client = stack.partner();

        assertGuessingIsContained(client, client.standardTokenUrl(), acme);
    }

    @Test
    void evenTheRightSecretIsRefusedFromALockedOutAddress(TestStack stack) {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("locked"));
        PartnerClient client = stack.partner();
        for (int i = 0; i < MAX_FAILURES; i++) {
            attempt(client, client.authenticateUrl(), acme.clientId(), "wrong-" + i, ATTACKER);
        }

        Reply reply = attempt(client, client.authenticateUrl(), acme.clientId(), acme.secret(), ATTACKER);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.json().has("access_token")).isFalse();
    }

    @Test
    void aMadeUpBasicNameCannotHideGuessesAtTheClientInTheBody(TestStack stack) {
        // Keycloak checks the body's client_id and secret when both are sent; the guesses count for that client.
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("basic-decoy"));
        PartnerClient client = stack.partner();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= MAX_FAILURES + 2; i++) {
            statuses.add(client.postForm(client.standardTokenUrl(), PartnerClient.form("client_id", acme.clientId(),
                    "client_secret", "guess-" + i, "grant_type", "client_credentials"),
                    Map.of("X-Forwarded-For", ATTACKER, "Authorization", PartnerClient.basic("decoy-" + i, "x"))).status());
        }
        Reply right = client.postForm(client.standardTokenUrl(), PartnerClient.form("client_id", acme.clientId(),
                "client_secret", acme.secret(), "grant_type", "client_credentials"),
                Map.of("X-Forwarded-For", ATTACKER, "Authorization", PartnerClient.basic("decoy", "x")));

        assertThat(statuses.subList(0, MAX_FAILURES)).containsOnly(401);
        assertThat(statuses.subList(MAX_FAILURES, statuses.size())).containsOnly(429);
        assertThat(right.status()).as("the right secret, from the locked-out address").isEqualTo(429);
        assertThat(right.json().has("access_token")).isFalse();
    }

    @Test
    void aSecondAuthorizationHeaderCannotHideTheFirst(TestStack stack) {
        // Keycloak reads the first Authorization header; joined with a second one it would parse as nothing.
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("two-headers"));
        PartnerClient client = stack.partner();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= MAX_FAILURES + 1; i++) {
            statuses.add(client.send(HttpRequest.newBuilder(URI.create(client.standardTokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Forwarded-For", ATTACKER)
                    .header("Authorization", PartnerClient.basic(acme.clientId(), "guess-" + i + "x"))
                    .header("Authorization", PartnerClient.basic("decoy", "x"))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build()).status());
        }

        assertThat(statuses.subList(0, MAX_FAILURES)).containsOnly(401);
        assertThat(statuses.get(MAX_FAILURES)).isEqualTo(429);
    }

    @Test
    void anUnknownClientIdIsLockedOutExactlyLikeAKnownOne(TestStack stack) {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("known"));
        String unknown = Partners.uniqueId("unknown");
        PartnerClient client = stack.partner();
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertThat(attempt(client, client.standardTokenUrl(), unknown, "guess-" + i, ATTACKER).status()).isEqualTo(401);
            attempt(client, client.standardTokenUrl(), acme.clientId(), "guess-" + i, ATTACKER);
        }

        Reply unknownLocked = attempt(client, client.standardTokenUrl(), unknown, "guess", ATTACKER);
        Reply knownLocked = attempt(client, client.standardTokenUrl(), acme.clientId(), "guess", ATTACKER);

        for (Reply locked : List.of(unknownLocked, knownLocked)) {
            assertThat(locked.status()).isEqualTo(429);
            assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 60);
        }
        assertThat(unknownLocked.json().get("error")).isEqualTo(knownLocked.json().get("error"));
        assertThat(unknownLocked.json().get("error_description").asText().replaceAll("\\d+", "N"))
                .isEqualTo(knownLocked.json().get("error_description").asText().replaceAll("\\d+", "N"));
        assertThat(unknownLocked.header("Content-Type")).isEqualTo(knownLocked.header("Content-Type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/protocol/openid-connect/token/introspect", "/protocol/openid-connect/revoke"})
    void everyEndpointThatAuthenticatesClientsCountsGuesses(String path, TestStack stack) {
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("guessed-elsewhere"));
        PartnerClient client = stack.partner();
        String url = stack.keycloak().realmUrl() + path;
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= MAX_FAILURES + 1; i++) {
            statuses.add(client.postForm(url, PartnerClient.form("client_id", acme.clientId(), "client_secret", "guess-" + i,
                    "token", "x"),
                    Map.of("X-Forwarded-For", ATTACKER)).status());
        }

        assertThat(statuses.subList(0, MAX_FAILURES)).as(path).doesNotContain(200, 429);
        assertThat(statuses.get(MAX_FAILURES)).as(path).isEqualTo(429);
    }

    @Test
    void pushedAuthorizationRequestsCountGuessesToo(TestStack stack) {
        // Keycloak's PAR endpoint answers every failed client authentication, the lockout included, with its own 401;
        // the lockout shows in that even the right secret fails from the guesser's address, and only there.
        Partners.Partner acme = Partners.create(stack.admin(), Partners.uniqueId("guessed-par"));
        PartnerClient client = stack.partner();
        String url = stack.keycloak().realmUrl() + "/protocol/openid-connect/ext/par/request";
        for (int i = 1; i <= MAX_FAILURES; i++) {
            assertThat(par(client, url, acme, "guess-" + i, ATTACKER).status()).isEqualTo(401);
        }

        Reply fromGuesser = par(client, url, acme, acme.secret(), ATTACKER);
        Reply fromPartner = par(client, url, acme, acme.secret(), PARTNER);

        assertThat(fromGuesser.status()).isEqualTo(401);
        assertThat(fromPartner.status()).as("client authentication passes; the request itself is then judged")
                .isNotEqualTo(401);
    }

    @Test
    void otherRealmsAreLeftToKeycloakAlone(TestStack stack) {
        // The extension serves the partners realm only: in master the client-secret authenticator is Keycloak's own.
        Partners.Partner internal = Partners.createUnmarked(stack.admin(), "master", Partners.uniqueId("master-internal"), client -> { });
        PartnerClient client = stack.partner();
        String url = stack.keycloak().baseUrl() + "/realms/master/protocol/openid-connect/token";
        try {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 1; i <= MAX_FAILURES + 2; i++) {
                statuses.add(attempt(client, url, internal.clientId(), "guess-" + i, ATTACKER).status());
            }

            assertThat(statuses).containsOnly(401);
        } finally {
            stack.admin().realm("master").clients().get(internal.id()).remove();
        }
    }

    private static Reply par(PartnerClient client, String url, Partners.Partner acme, String secret, String address) {
        return client.postForm(url, PartnerClient.form("client_id", acme.clientId(), "client_secret", secret,
                "response_type", "code", "redirect_uri", "https://partner.example/cb", "scope", "openid"),
                Map.of("X-Forwarded-For", address));
    }

    private static void assertGuessingIsContained(PartnerClient client, String url, Partners.Partner acme) {
        List<Integer> attackerStatuses = new ArrayList<>();
        List<Integer> partnerStatuses = new ArrayList<>();
        for (int attemptNo = 1; attemptNo <= 100; attemptNo++) {
            Reply guess = attempt(client, url, acme.clientId(), "guess-" + attemptNo, ATTACKER);
            attackerStatuses.add(guess.status());
            assertThat(guess.json().has("access_token")).isFalse();
            if (attemptNo > MAX_FAILURES) {
                assertThat(guess.status()).as("attempt %d", attemptNo).isEqualTo(429);
                assertThat(Integer.parseInt(guess.header("Retry-After"))).isBetween(1, 60);
                assertThat(guess.json().get("error").asText()).isEqualTo("invalid_client");
            } else {
                assertThat(guess.status()).as("attempt %d", attemptNo).isEqualTo(401);
            }
            if (attemptNo % 10 == 0) {
                partnerStatuses.add(attempt(client, url, acme.clientId(), acme.secret(), PARTNER).status());
            }
        }
        System.out.printf("brute force at %s: attacker 401=%d 429=%d; partner 200=%d of %d%n", url,
                attackerStatuses.stream().filter(s -> s == 401).count(),
                attackerStatuses.stream().filter(s -> s == 429).count(),
                partnerStatuses.stream().filter(s -> s == 200).count(), partnerStatuses.size());
        assertThat(partnerStatuses).hasSize(10).containsOnly(200);
    }

    private static Reply attempt(PartnerClient client, String url, String clientId, String secret, String address) {
        return client.postForm(url, PartnerClient.form("client_id", clientId, "client_secret", secret,
                "grant_type", "client_credentials"), Map.of("X-Forwarded-For", address));
    }
}
