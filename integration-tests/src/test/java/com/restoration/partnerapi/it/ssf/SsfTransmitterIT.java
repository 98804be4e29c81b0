package com.restoration.partnerapi.it.ssf;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.restoration.partnerapi.it.support.Jwks;
import com.restoration.partnerapi.it.support.Operators;
import com.restoration.partnerapi.it.support.PartnerClient.Reply;
import com.restoration.partnerapi.it.support.Partners;
import com.restoration.partnerapi.it.support.SsfReceiver;
import com.restoration.partnerapi.it.support.StackExtension;
import com.restoration.partnerapi.it.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * The Shared Signals transmitter as a receiver of our own kind uses it (a client with the resource servers' role,
 * not orders-service): discovery, streams of its own, poll delivery with acknowledgement, and one event, signed with
 * the realm's key, for every way a partner's credentials die.
 */
@ExtendWith(StackExtension.class)
class SsfTransmitterIT {

    private static TestStack stack;
    private static Operators operators;
    private static SsfReceiver receiver;
    private static String streamId;

    @BeforeAll
    static void start(TestStack testStack) {
        stack = testStack;
        operators = new Operators(testStack);
        receiver = SsfReceiver.create(stack.keycloak(), stack.admin(), Partners.uniqueId("ssf-receiver"));
        streamId = receiver.createStream("transmitter test").get("stream_id").asText();
    }

    @Test
    void discoveryNamesTheEndpointsAndTheRealmsKeys() {
        JsonNode configuration = receiver.configuration();

        assertThat(configuration.get("spec_version").asText()).isEqualTo("1_0");
        assertThat(configuration.get("issuer").asText()).isEqualTo(stack.keycloak().realmUrl());
        assertThat(configuration.get("jwks_uri").asText()).isEqualTo(stack.keycloak().realmUrl() + "/protocol/openid-connect/certs");
        assertThat(configuration.get("delivery_methods_supported").toString()).isEqualTo("[\"urn:ietf:rfc:8936\"]");
        assertThat(configuration.get("configuration_endpoint").asText()).isEqualTo(receiver.streamsUrl());
        assertThat(configuration.get("status_endpoint").asText()).isEqualTo(receiver.statusUrl());
        assertThat(configuration.get("verification_endpoint").asText()).isEqualTo(receiver.verifyUrl());
        Reply asSsfSays = receiver.send("GET", stack.keycloak().baseUrl() + "/.well-known/ssf-configuration/realms/partners", null, null);
        assertThat(asSsfSays.status()).isEqualTo(200);
        assertThat(asSsfSays.json().get("configuration_endpoint").asText()).isEqualTo(receiver.streamsUrl());
        Reply master = receiver.send("GET", stack.keycloak().baseUrl() + "/realms/master/.well-known/ssf-configuration", null, null);
        assertThat(master.status()).isEqualTo(404);
    }

    @Test
    void aStreamIsTheReceiversOwnAndPollOnly() {
        JsonNode stream = receiver.send("GET", receiver.streamsUrl() + "?stream_id=" + streamId, receiver.token(), null).json();
        assertThat(stream.get("aud").asText()).isEqualTo(receiver.clientId());
        assertThat(stream.get("iss").asText()).isEqualTo(stack.keycloak().realmUrl());
        assertThat(stream.get("delivery").get("endpoint_url").asText()).isEqualTo(receiver.pollUrl(streamId));
        assertThat(stream.get("events_delivered")).hasSize(3);

        Reply all = receiver.send("GET", receiver.streamsUrl(), receiver.token(), null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().findValuesAsText("stream_id")).contains(streamId);

        SsfReceiver other = SsfReceiver.create(stack.keycloak(), stack.admin(), Partners.uniqueId("other-receiver"));
        String otherToken = other.token();
        assertThat(other.send("GET", receiver.streamsUrl(), otherToken, null).json().findValuesAsText("stream_id")).doesNotContain(streamId);
        assertThat(other.send("GET", receiver.streamsUrl() + "?stream_id=" + streamId, otherToken, null).status()).isEqualTo(404);
        assertThat(other.poll(streamId, List.of(), true).status()).isEqualTo(404);
        assertThat(other.send("DELETE", receiver.streamsUrl() + "?stream_id=" + streamId, otherToken, null).status()).isEqualTo(404);

        Reply push = receiver.send("POST", receiver.streamsUrl(), receiver.token(),
                "{\"delivery\":{\"method\":\"urn:ietf:rfc:8935\",\"endpoint_url\":\"http://attacker.example/\"}}");
        assertThat(push.status()).isEqualTo(400);
        assertThat(push.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(receiver.send("POST", receiver.streamsUrl(), receiver.token(), "{not json").status()).isEqualTo(400);
        assertThat(receiver.send("POST", receiver.pollUrl(streamId), receiver.token(), "{\"maxEvents\": -1}").status()).isEqualTo(400);
        assertThat(receiver.send("POST", receiver.pollUrl(streamId), receiver.token(), "{\"ack\": \"x\"}").status()).isEqualTo(400);
    }

    @Test
    void onlyResourceServersMayManageOrPoll() {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("ssf-curious-partner"));
        String partnerToken = operators.partnerToken(partner.clientId(), partner.secret());
        String plainUser = operators.userToken(Partners.uniqueId("ssf-curious-user"), List.of());
        String masterAdmin = operators.adminToken();
        List<String[]> endpoints = List.of(
                new String[] {"GET", receiver.streamsUrl(), null},
                new String[] {"POST", receiver.streamsUrl(), "{}"},
                new String[] {"DELETE", receiver.streamsUrl() + "?stream_id=" + streamId, null},
                new String[] {"GET", receiver.statusUrl() + "?stream_id=" + streamId, null},
                new String[] {"POST", receiver.verifyUrl(), "{\"stream_id\":\"" + streamId + "\"}"},
                new String[] {"POST", receiver.pollUrl(streamId), "{\"returnImmediately\":true}"});

        for (String[] endpoint : endpoints) {
            for (String token : new String[] {null, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", masterAdmin}) {
                Reply refused = receiver.send(endpoint[0], endpoint[1], token, endpoint[2]);
                assertThat(refused.status()).as("%s %s", endpoint[0], endpoint[1]).isEqualTo(401);
                assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
            }
            for (String token : new String[] {partnerToken, plainUser}) {
                Reply refused = receiver.send(endpoint[0], endpoint[1], token, endpoint[2]);
                assertThat(refused.status()).as("%s %s", endpoint[0], endpoint[1]).isEqualTo(403);
                assertThat(refused.header("WWW-Authenticate")).contains("insufficient_scope");
                assertThat(refused.body()).doesNotContain("sets", streamId);
            }
        }
        assertThat(receiver.send("GET", receiver.streamsUrl() + "?stream_id=" + streamId, receiver.token(), null).status())
                .as("the stream outlived the strangers' DELETE").isEqualTo(200);
    }

    @Test
    void aRotationIsACredentialChangeSignedWithTheRealmsKey() {
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("ssf-rotated"));
        Reply rotation = operators.postJson(operators.rotateSecretUrl(partner.clientId()), operators.adminToken(), "");
        long revokedBefore = java.time.Instant.parse(rotation.json().get("tokens_revoked_before").asText()).getEpochSecond();

        JsonNode claims = receiver.awaitEvent(streamId, SsfReceiver.CREDENTIAL_CHANGE, partner.clientId(), Duration.ofSeconds(10));

        assertThat(claims.get("sub_id").get("format").asText()).isEqualTo("opaque");
        JsonNode event = claims.get("events").get(SsfReceiver.CREDENTIAL_CHANGE);
        assertThat(event.get("event_timestamp").asLong()).isEqualTo(revokedBefore);
        assertThat(event.get("credential_type").asText()).isEqualTo("client_secret");
        assertThat(event.get("change_type").asText()).isEqualTo("update");
        assertThat(claims.get("aud").asText()).isEqualTo(receiver.clientId());
        assertThat(claims.get("iss").asText()).isEqualTo(stack.keycloak().realmUrl());
    }

    @Test
    void aSetVerifiesWithTheRealmsPublishedKeyAndSaysItIsASet() throws java.text.ParseException {
        Reply verify = receiver.send("POST", receiver.verifyUrl(), receiver.token(),
                "{\"stream_id\":\"" + streamId + "\",\"state\":\"check-42\"}");
        assertThat(verify.status()).isEqualTo(204);
        Reply tooSoon = receiver.send("POST", receiver.verifyUrl(), receiver.token(), "{\"stream_id\":\"" + streamId + "\"}");
        assertThat(tooSoon.status()).isEqualTo(429);
        assertThat(tooSoon.header("Retry-After")).matches("[0-9]+");

        String set = null;
        List<String> ack = new ArrayList<>();
        for (int i = 0; i < 50 && set == null; i++) {
            Reply poll = receiver.poll(streamId, ack, true);
            ack = new ArrayList<>();
            for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> poll.json().get("sets").fields()) {
                ack.add(entry.getKey());
                if (SsfReceiver.claims(entry.getValue().asText()).get("events").has(SsfReceiver.VERIFICATION)) {
                    set = entry.getValue().asText();
                }
            }
        }
        receiver.poll(streamId, ack, true);

        assertThat(set).isNotNull();
        assertThat(Jwks.header(set).getType().toString()).isEqualTo("secevent+jwt");
        JWTClaimsSet verified = Jwks.verify(stack.keycloak(), set);
        assertThat(verified.getJSONObjectClaim("events").get(SsfReceiver.VERIFICATION).toString()).contains("check-42");
        assertThat(verified.getJSONObjectClaim("sub_id").get("id")).isEqualTo(streamId);
    }

    @Test
    void anUnacknowledgedSetComesAgainAndAnAcknowledgedOneNever() {
        SsfReceiver own = SsfReceiver.create(stack.keycloak(), stack.admin(), Partners.uniqueId("ssf-acker"));
        String stream = own.createStream("ack test").get("stream_id").asText();
        drain(own, stream);
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("ssf-disabled"));
        operators.postJson(operators.rotateSecretUrl(partner.clientId()), operators.adminToken(), "");

        Reply first = own.poll(stream, List.of(), false);
        Reply again = own.poll(stream, List.of(), true);
        List<String> delivered = fieldNames(first.json().get("sets"));
        assertThat(delivered).isNotEmpty();
        assertThat(fieldNames(again.json().get("sets"))).containsAll(delivered);

        Reply acknowledged = own.poll(stream, delivered, true);
        assertThat(fieldNames(acknowledged.json().get("sets"))).doesNotContainAnyElementsOf(delivered);
        assertThat(acknowledged.json().get("moreAvailable").asBoolean()).isFalse();
    }

    @Test
    void disablingAndDeletingAClientAreSessionRevokedEvents() {
        Partners.Partner disabled = Partners.create(stack.admin(), Partners.uniqueId("ssf-disabled"));
        Partners.Partner deleted = Partners.create(stack.admin(), Partners.uniqueId("ssf-deleted"));
        var clients = stack.admin().realm("partners").clients();
        ClientRepresentation representation = clients.get(disabled.id()).toRepresentation();
        representation.setEnabled(false);
        clients.get(disabled.id()).update(representation);
        clients.get(deleted.id()).remove();

        JsonNode disabledEvent = receiver.awaitEvent(streamId, SsfReceiver.SESSION_REVOKED, disabled.clientId(), Duration.ofSeconds(10));
        JsonNode deletedEvent = receiver.awaitEvent(streamId, SsfReceiver.SESSION_REVOKED, deleted.clientId(), Duration.ofSeconds(10));

        assertThat(disabledEvent.get("events").get(SsfReceiver.SESSION_REVOKED).get("event_timestamp").asLong())
                .isGreaterThan(0);
        assertThat(deletedEvent.get("events").get(SsfReceiver.SESSION_REVOKED).get("event_timestamp").asLong())
                .isGreaterThan(0);
    }

    @Test
    void aNewStreamLearnsTheRevocationsInForce() {
        Partners.Partner earlier = Partners.create(stack.admin(), Partners.uniqueId("ssf-before-the-stream"));
        operators.postJson(operators.rotateSecretUrl(earlier.clientId()), operators.adminToken(), "");
        SsfReceiver late = SsfReceiver.create(stack.keycloak(), stack.admin(), Partners.uniqueId("ssf-late"));
        String stream = late.createStream("late").get("stream_id").asText();

        JsonNode claims = late.awaitEvent(stream, SsfReceiver.SESSION_REVOKED, earlier.clientId(), Duration.ofSeconds(5));

        assertThat(claims.get("events").get(SsfReceiver.SESSION_REVOKED).get("event_timestamp").asLong()).isGreaterThan(0);
    }

    @Test
    void aWaitingPollReturnsAsSoonAsARevocationCommits() throws Exception {
        SsfReceiver own = SsfReceiver.create(stack.keycloak(), stack.admin(), Partners.uniqueId("ssf-long-poll"));
        String stream = own.createStream("long poll").get("stream_id").asText();
        drain(own, stream);
        Partners.Partner partner = Partners.create(stack.admin(), Partners.uniqueId("ssf-waited-for"));

        CompletableFuture<Reply> waiting = CompletableFuture.supplyAsync(() -> own.poll(stream, List.of(), false));
        Thread.sleep(500);
        assertThat(waiting).as("a long poll with nothing queued waits").isNotDone();
        long rotated = System.nanoTime();
        operators.postJson(operators.rotateSecretUrl(partner.clientId()), operators.adminToken(), "");
        Reply reply = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
        long millis = (System.nanoTime() - rotated) / 1_000_000;

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("sets")).isNotEmpty();
        assertThat(millis).as("the poll returned %d ms after the rotation began (the rotation itself waits up to 1 s)", millis)
                .isLessThan(5_000);
    }

    @Test
    void atTheLimitOnlyAStreamNobodyPolledForAnHourGivesWay() throws Exception {
        SsfReceiver many = SsfReceiver.create(stack.keycloak(), stack.admin(), Partners.uniqueId("ssf-many-streams"));
        List<String> streams = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            streams.add(many.createStream("replica " + i).get("stream_id").asText());
        }
        String newStream = "{\"delivery\":{\"method\":\"urn:ietf:rfc:8936\"},\"description\":\"replica 50\"}";

        Reply full = many.send("POST", many.streamsUrl(), many.token(), newStream);
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.json().get("error_description").asText()).contains("50 streams");

        String gone = streams.get(7);
        try (Connection db = stack.keycloak().connectDatabase();
             PreparedStatement age = db.prepareStatement("update partner_ssf_stream set last_polled_at = ? where id = ?")) {
            age.setLong(1, System.currentTimeMillis() - Duration.ofHours(2).toMillis());
            age.setString(2, gone);
            assertThat(age.executeUpdate()).isEqualTo(1);
        }
        Reply created = many.send("POST", many.streamsUrl(), many.token(), newStream);

        assertThat(created.status()).isEqualTo(201);
        assertThat(many.send("GET", many.streamsUrl() + "?stream_id=" + gone, many.token(), null).status()).isEqualTo(404);
        assertThat(many.send("GET", many.streamsUrl() + "?stream_id=" + streams.get(8), many.token(), null).status()).isEqualTo(200);
        assertThat(many.send("POST", many.streamsUrl(), many.token(), newStream).status())
                .as("the streams polled within the hour stay").isEqualTo(409);
    }

    private static void drain(SsfReceiver receiver, String stream) {
        List<String> ack = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Reply reply = receiver.poll(stream, ack, true);
            ack = fieldNames(reply.json().get("sets"));
            if (ack.isEmpty()) {
                return;
            }
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
