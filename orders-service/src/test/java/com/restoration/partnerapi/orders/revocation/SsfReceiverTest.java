package com.restoration.partnerapi.orders.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.restoration.partnerapi.orders.security.JwksKeySource;
import com.restoration.partnerapi.orders.support.FakeRealm;
import com.restoration.partnerapi.orders.support.FakeSsfTransmitter;
import com.restoration.partnerapi.orders.support.SwitchableDataSource;
import com.restoration.partnerapi.orders.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * orders-service as the receiver of an SSF stream (decision 15), against a fake transmitter and the test database:
 * what it applies, stores and acknowledges, what it reports, which stream it follows, and what it keeps enforcing
 * while Keycloak is away. In a schema of its own, since a realm-wide revocation would reach every other test.
 */
@ExtendWith(OutputCaptureExtension.class)
class SsfReceiverTest {

	private static final String SCHEMA = "ssf_receiver_test";

	/** The realm-wide time of these tests; every client time is a day later, so it does not hide them. */
	private static final Instant REALM_T0 = Instant.parse("2026-11-28T10:00:00Z");

	private static final Instant T1 = REALM_T0.plus(Duration.ofDays(1));

	private final FakeRealm realm = new FakeRealm();

	private final FakeSsfTransmitter transmitter = this.realm.ssf();

	private final SwitchableDataSource database = new SwitchableDataSource(SCHEMA);

	private final JdbcClient jdbc = JdbcClient.create(this.database);

	private final String client = "partner-" + UUID.randomUUID();

	private final List<SsfReceiver> receivers = new ArrayList<>();

	@BeforeAll
	static void schema() throws SQLException {
		try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		}
		Flyway.configure()
			.dataSource(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())
			.schemas(SCHEMA)
			.load()
			.migrate();
	}

	@AfterEach
	void stop() {
		this.receivers.forEach(SsfReceiver::stop);
		this.realm.close();
	}

	@Test
	void aCredentialChangeIsInForceAtOnceAndAcknowledgedOnlyOnceStored(CapturedOutput output) {
		RevokedTokens revoked = new RevokedTokens(this.jdbc);
		awaitFollowing(start(revoked));

		this.database.down = true;
		String jti = this.realm.revoke(this.client, T1);

		await(() -> revoked.isRevoked(this.client, T1.minusSeconds(1)), "in force while the database is down");
		assertThat(revoked.isRevoked(this.client, T1)).isFalse();
		await(() -> this.transmitter.deliveries(jti) >= 2, "delivered again");
		assertThat(this.transmitter.acknowledged()).doesNotContain(jti);
		assertThat(this.transmitter.reported()).doesNotContainKey(jti);
		assertThat(output.getAll()).containsOnlyOnce("the revocations cannot be stored");

		this.database.down = false;

		await(() -> this.transmitter.acknowledged().contains(jti), "acknowledged");
		assertThat(stored("client:" + this.client)).isEqualTo(T1);
		assertThat(output.getAll()).containsOnlyOnce("are followed again");
		assertNoSecretsIn(output);
	}

	@Test
	void aRealmWideSessionRevokedRevokesEveryClientsOlderTokens() {
		RevokedTokens revoked = new RevokedTokens(this.jdbc);
		awaitFollowing(start(revoked));

		String jti = this.realm.revokeRealm(REALM_T0);

		await(() -> this.transmitter.acknowledged().contains(jti), "acknowledged");
		assertThat(revoked.isRevoked(this.client, REALM_T0.minusSeconds(1))).isTrue();
		assertThat(revoked.isRevoked("any-other-client", REALM_T0.minusSeconds(1))).isTrue();
		assertThat(revoked.isRevoked(this.client, REALM_T0)).isFalse();
		assertThat(stored("realm")).isEqualTo(REALM_T0);
	}

	@Test
	void invalidSetsAreNotAppliedButReportedAndOnesForAnotherIssuerOrAudienceAreKeptBack(CapturedOutput output) {
		RevokedTokens revoked = new RevokedTokens(this.jdbc);
		awaitFollowing(start(revoked));
		String forgedSigner = "forged-" + UUID.randomUUID();
		String otherAudience = "audience-" + UUID.randomUUID();
		String wrongType = "type-" + UUID.randomUUID();
		String otherIssuer = "issuer-" + UUID.randomUUID();

		String forged = this.transmitter.queue(FakeSsfTransmitter.sign(revocation(forgedSigner).build(),
				FakeRealm.newKey(this.realm.signingKey().getKeyID()), FakeSsfTransmitter.SET_TYPE));
		String audience = this.transmitter
			.queue(this.transmitter.signed(revocation(otherAudience).audience("another-service").build()));
		String type = this.transmitter.queue(FakeSsfTransmitter.sign(revocation(wrongType).build(),
				this.realm.signingKey(), JOSEObjectType.JWT));
		String issuer = this.transmitter
			.queue(this.transmitter.signed(revocation(otherIssuer).issuer("http://elsewhere/realms/partners").build()));
		String garbage = this.transmitter.queue("not-a-set", "not.a.set");
		String valid = this.realm.revoke(this.client, T1);

		await(() -> this.transmitter.acknowledged().contains(valid), "the valid one acknowledged");
		// Another issuer or audience is more likely our configuration than the SET: never reported (the transmitter
		// would drop it), delivered again until it verifies.
		await(() -> this.transmitter.deliveries(audience) >= 2 && this.transmitter.deliveries(issuer) >= 2,
				"kept back and delivered again");
		assertThat(this.transmitter.reported()).containsEntry(forged, "invalid_key")
			.containsEntry(type, "invalid_request")
			.containsEntry(garbage, "invalid_request")
			.doesNotContainKeys(valid, audience, issuer);
		assertThat(this.transmitter.acknowledged()).doesNotContain(forged, audience, type, issuer, garbage);
		for (String clientId : List.of(forgedSigner, otherAudience, wrongType, otherIssuer)) {
			assertThat(revoked.isRevoked(clientId, T1.minusSeconds(1))).as(clientId).isFalse();
			assertThat(stored("client:" + clientId)).as(clientId).isNull();
		}
		assertThat(revoked.isRevoked(this.client, T1.minusSeconds(1))).isTrue();
		assertNoSecretsIn(output);
	}

	@Test
	void aSetSignedWithAKeyNotFetchedYetIsTriedAgainRatherThanReported() {
		RSAKey added = FakeRealm.newKey("realm-key-2");
		// Keys kept 2 s, so an unknown kid may be looked up again after 1 s.
		RevokedTokens revoked = new RevokedTokens(this.jdbc);
		awaitFollowing(start(revoked, JwksKeySource.create(this.realm.jwkSetUri(), Duration.ofSeconds(2))));

		String jti = this.transmitter.queue(FakeSsfTransmitter.sign(revocation(this.client).build(), added,
				FakeSsfTransmitter.SET_TYPE));
		await(() -> this.transmitter.deliveries(jti) >= 2, "delivered again");
		this.realm.publish(this.realm.signingKey(), this.realm.ecSigningKey(), added);

		await(() -> this.transmitter.acknowledged().contains(jti), "acknowledged");
		assertThat(this.transmitter.reported()).isEmpty();
		assertThat(revoked.isRevoked(this.client, T1.minusSeconds(1))).isTrue();
	}

	@Test
	void aCutOffInTheFutureIsTakenAsAMinuteFromNowAtMost() {
		RevokedTokens revoked = new RevokedTokens(this.jdbc);
		awaitFollowing(start(revoked));
		Instant farAhead = Instant.now().plus(Duration.ofDays(365));

		String jti = this.transmitter.queue(this.transmitter.signed(this.transmitter
			.set(FakeSsfTransmitter.CREDENTIAL_CHANGE, FakeSsfTransmitter.client(this.client), farAhead)
			.build()));

		await(() -> this.transmitter.acknowledged().contains(jti), "acknowledged");
		assertThat(stored("client:" + this.client)).isBefore(Instant.now().plusSeconds(RevocationEvents.MAX_AHEAD_SECONDS + 1));
		assertThat(revoked.isRevoked(this.client, Instant.now().plus(Duration.ofHours(1)))).isFalse();
	}

	@Test
	void aVerificationEventIsAcknowledged(CapturedOutput output) {
		awaitFollowing(start(new RevokedTokens(this.jdbc)));

		String jti = this.transmitter.verification("state-1");

		await(() -> this.transmitter.acknowledged().contains(jti), "acknowledged");
		assertThat(output.getAll()).contains("Verification event " + jti);
	}

	@Test
	void theStreamIsFoundByItsDescriptionAndNoOtherIsCreated() {
		this.transmitter.createStream("another-service");
		String ours = this.transmitter.createStream("orders-service");
		start(new RevokedTokens(this.jdbc));

		String jti = this.realm.revoke(this.client, T1);

		await(() -> this.transmitter.acknowledged().contains(jti), "acknowledged");
		assertThat(this.transmitter.streamsCreated()).isZero();
		assertThat(this.transmitter.polls()).extracting(FakeSsfTransmitter.Poll::streamId).containsOnly(ours);
	}

	@Test
	void aStreamThatIsGoneIsCreatedAgainAndMissesNothing(CapturedOutput output) {
		RevokedTokens revoked = new RevokedTokens(this.jdbc);
		awaitFollowing(start(revoked));
		String first = this.transmitter.streamIds().get(0);

		this.transmitter.deleteStreams();
		// Revoked while there is no stream: the new one starts with it.
		this.realm.revoke(this.client, T1);

		await(() -> revoked.isRevoked(this.client, T1.minusSeconds(1)), "revoked");
		assertThat(this.transmitter.polls()).anySatisfy((poll) -> {
			assertThat(poll.streamId()).isEqualTo(first);
			assertThat(poll.status()).isEqualTo(404);
		});
		assertThat(this.transmitter.streamsCreated()).isEqualTo(2);
		assertThat(this.transmitter.streamIds()).hasSize(1).doesNotContain(first);
		await(() -> stored("client:" + this.client) != null, "stored");
		assertThat(output.getAll()).contains("SSF stream " + first + " is gone");
	}

	@Test
	void aRestartFollowsTheSameStreamAndEnforcesWhatWasStored() {
		SsfReceiver before = start(new RevokedTokens(this.jdbc));
		awaitFollowing(before);
		String jti = this.realm.revoke(this.client, T1);
		await(() -> this.transmitter.acknowledged().contains(jti), "acknowledged");
		before.stop();
		String stream = this.transmitter.streamIds().get(0);
		int pollsBefore = this.transmitter.polls().size();

		RevokedTokens afterRestart = new RevokedTokens(this.jdbc);
		start(afterRestart);

		assertThat(afterRestart.isRevoked(this.client, T1.minusSeconds(1))).isTrue();
		await(() -> this.transmitter.polls().size() > pollsBefore, "polled again");
		assertThat(this.transmitter.polls().get(pollsBefore).streamId()).isEqualTo(stream);
		assertThat(this.transmitter.streamsCreated()).isEqualTo(1);
	}

	@Test
	void whileKeycloakIsUnreachableWhatWasStoredStaysInForceAndTheLagGrows(CapturedOutput output) throws Exception {
		RevokedTokens revoked = new RevokedTokens(this.jdbc);
		SsfReceiver receiver = start(revoked);
		awaitFollowing(receiver);
		String jti = this.realm.revoke(this.client, T1);
		await(() -> this.transmitter.acknowledged().contains(jti), "acknowledged");
		assertThat(receiver.lagSeconds()).as("waiting in an open poll").isZero();

		this.realm.setAvailable(false);
		Thread.sleep(1_100);

		assertThat(receiver.lagSeconds()).isGreaterThanOrEqualTo(1.0);
		assertThat(revoked.isRevoked(this.client, T1.minusSeconds(1))).isTrue();
		assertThat(new RevokedTokens(this.jdbc).isRevoked(this.client, T1.minusSeconds(1))).as("after a restart")
			.isTrue();
		assertThat(output.getAll()).containsOnlyOnce("Cannot follow revocations on SSF stream 'orders-service'");

		this.realm.setAvailable(true);
		String later = this.realm.revoke(this.client, T1.plusSeconds(60));

		await(() -> this.transmitter.acknowledged().contains(later), "acknowledged after the outage");
		assertThat(revoked.isRevoked(this.client, T1.plusSeconds(59))).isTrue();
		assertThat(output.getAll()).containsOnlyOnce("Cannot follow revocations")
			.containsOnlyOnce("are followed again");
		assertThat(this.transmitter.streamsCreated()).isEqualTo(1);
		assertNoSecretsIn(output);
	}

	@Test
	void aRefusedTokenIsReplacedAndTheRequestRetriedAtOnce(CapturedOutput output) {
		RevokedTokens revoked = new RevokedTokens(this.jdbc);
		awaitFollowing(start(revoked));

		this.realm.revokeReaderTokens();
		// Answers the open poll; the next one comes with the refused token.
		String jti = this.realm.revoke(this.client, T1);

		await(() -> this.transmitter.acknowledged().contains(jti), "acknowledged");
		assertThat(this.realm.tokenRequests()).isEqualTo(2);
		assertThat(this.transmitter.polls()).extracting(FakeSsfTransmitter.Poll::status).contains(401);
		assertThat(output.getAll()).contains("the token of client 'orders-service' was refused");
		assertNoSecretsIn(output);
	}

	@Test
	void aClientWithoutTheReaderRoleIsToldWhichRoleItLacks(CapturedOutput output) {
		this.realm.setReaderRoleMissing(true);
		start(new RevokedTokens(this.jdbc));

		await(() -> output.getAll().contains("lacks the realm role partner-revocations-reader"), "logged");
		this.realm.setReaderRoleMissing(false);

		await(() -> output.getAll().contains("are followed again"), "followed again");
		assertThat(this.transmitter.streamsCreated()).isEqualTo(1);
		assertThat(output.getAll()).containsOnlyOnce("lacks the realm role");
		assertNoSecretsIn(output);
	}

	@Test
	void stopEndsTheOpenPollAtOnce() {
		SsfReceiver receiver = start(new RevokedTokens(this.jdbc));
		awaitFollowing(receiver);

		long started = System.nanoTime();
		receiver.stop();

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		assertThat(receiver.isRunning()).isFalse();
	}

	private SsfReceiver start(RevokedTokens revoked) {
		return start(revoked, JwksKeySource.create(this.realm.jwkSetUri(), JwksKeySource.DEFAULT_CACHE_TTL));
	}

	private SsfReceiver start(RevokedTokens revoked, JWKSource<SecurityContext> keys) {
		SsfReceiver receiver = new SsfReceiver(revoked,
				new RevocationProperties(null, null, null, null, null, null, null, FakeRealm.READER_CLIENT_SECRET),
				this.realm.issuer(), JsonMapper.builder().build(), keys, "orders-service");
		this.receivers.add(receiver);
		receiver.start();
		return receiver;
	}

	/** A SET revoking the client's tokens issued before {@link #T1}, as the transmitter would make it. */
	private JWTClaimsSet.Builder revocation(String clientId) {
		return this.transmitter.set(FakeSsfTransmitter.CREDENTIAL_CHANGE, FakeSsfTransmitter.client(clientId), T1);
	}

	/** Until the receiver is up to date (it says so as its lag), and so waits in a poll of its stream. */
	private static void awaitFollowing(SsfReceiver receiver) {
		await(() -> receiver.lagSeconds() == 0, "following");
	}

	private static void await(BooleanSupplier condition, String what) {
		Instant deadline = Instant.now().plusSeconds(15);
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("waiting for: " + what).isBefore(deadline);
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** The not-before time the table holds for this scope, or {@code null}. */
	private static Instant stored(String scope) {
		try (Connection connection = TestDatabase.connect();
				PreparedStatement select = connection
					.prepareStatement("SELECT not_before FROM " + SCHEMA + ".token_revocations WHERE scope = ?")) {
			select.setString(1, scope);
			try (ResultSet row = select.executeQuery()) {
				return row.next() ? row.getTimestamp(1).toInstant() : null;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void assertNoSecretsIn(CapturedOutput output) {
		assertThat(output.getAll()).doesNotContain(FakeRealm.READER_CLIENT_SECRET);
		for (String token : this.realm.issuedReaderTokens()) {
			assertThat(output.getAll()).doesNotContain(token);
		}
		// No SET: each starts with a header encoded as these do.
		assertThat(output.getAll()).doesNotContain("eyJ");
	}

}
