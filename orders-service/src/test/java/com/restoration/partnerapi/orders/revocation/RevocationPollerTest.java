package com.restoration.partnerapi.orders.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willDoNothing;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.restoration.partnerapi.orders.support.FakeRealm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * How orders-service reads Keycloak's revocation feed ({@code orders.revocation.delivery=feed}, deprecated): with a
 * client credentials token it keeps until shortly before expiry and renews after a 401, with {@code If-None-Match}
 * (a 304 changes nothing), and never logging the client secret or a token.
 */
@ExtendWith(OutputCaptureExtension.class)
@SuppressWarnings("removal")
class RevocationPollerTest {

	private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

	private final FakeRealm realm = new FakeRealm();

	private final RevokedTokens revokedTokens = mock(RevokedTokens.class);

	@AfterEach
	void stopRealm() {
		this.realm.close();
	}

	@Test
	void readsTheFeedWithAClientCredentialsToken(CapturedOutput output) {
		this.realm.revoke("partner-a", T0);

		poller(FakeRealm.READER_CLIENT_SECRET).poll();

		assertThat(this.realm.tokenRequests()).isEqualTo(1);
		assertThat(this.realm.feedAuthorizations()).containsExactly("Bearer " + this.realm.issuedReaderTokens().get(0));
		verify(this.revokedTokens).update(0, Map.of("partner-a", T0.getEpochSecond()));
		assertThat(output.getAll()).doesNotContain("Cannot read revocations");
		assertNoSecretsIn(output);
	}

	@Test
	void keepsTheTokenUntilShortlyBeforeItExpires(CapturedOutput output) {
		RevocationPoller poller = poller(FakeRealm.READER_CLIENT_SECRET);

		poller.poll();
		poller.poll();
		poller.poll();
		assertThat(this.realm.tokenRequests()).as("300 s token").isEqualTo(1);

		this.realm.setReaderTokenLifetime(Duration.ofSeconds(RevocationClientToken.EXPIRY_MARGIN_SECONDS - 1));
		RevocationPoller another = poller(FakeRealm.READER_CLIENT_SECRET);
		another.poll();
		another.poll();
		assertThat(this.realm.tokenRequests()).as("tokens that expire within the margin").isEqualTo(3);
		assertThat(this.realm.feedAuthorizations()).hasSize(5);
		assertNoSecretsIn(output);
	}

	@Test
	void anUnchangedFeedIsA304AndChangesNothing(CapturedOutput output) {
		this.realm.revoke("partner-a", T0);
		RevocationPoller poller = poller(FakeRealm.READER_CLIENT_SECRET);

		poller.poll();
		poller.poll();
		poller.poll();

		assertThat(this.realm.notModifiedResponses()).isEqualTo(2);
		assertThat(this.realm.feedIfNoneMatch().get(0)).isEqualTo("null");
		assertThat(this.realm.feedIfNoneMatch().get(1)).startsWith("\"").endsWith("\"");
		verify(this.revokedTokens, times(1)).update(anyLong(), anyMap());

		this.realm.revoke("partner-a", T0.plusSeconds(60));
		poller.poll();

		verify(this.revokedTokens).update(0, Map.of("partner-a", T0.plusSeconds(60).getEpochSecond()));
		assertThat(this.realm.notModifiedResponses()).isEqualTo(2);
		assertNoSecretsIn(output);
	}

	@Test
	void aDocumentThatCouldNotBeStoredIsFetchedAgainNotAnswered304() {
		this.realm.revoke("partner-a", T0);
		RevocationPoller poller = poller(FakeRealm.READER_CLIENT_SECRET);
		willThrow(new DataAccessResourceFailureException("test: database down")).given(this.revokedTokens)
			.update(eq(0L), anyMap());

		poller.poll();
		poller.poll();

		assertThat(this.realm.notModifiedResponses()).isZero();
		verify(this.revokedTokens, times(2)).update(0, Map.of("partner-a", T0.getEpochSecond()));
	}

	@Test
	void a304AfterAnOutageCountsAsRecovered(CapturedOutput output) {
		RevocationPoller poller = poller(FakeRealm.READER_CLIENT_SECRET);
		poller.poll();

		this.realm.setAvailable(false);
		poller.poll();
		poller.poll();
		this.realm.setAvailable(true);
		poller.poll();

		assertThat(this.realm.notModifiedResponses()).isEqualTo(1);
		assertThat(output.getAll()).containsOnlyOnce("Cannot read revocations from " + feed())
			.containsOnlyOnce("Revocations from " + feed() + " are followed again");
		assertNoSecretsIn(output);
	}

	/** orders_revocation_lag_seconds: how old the times in force may be. */
	@Test
	void theLagGrowsWhileTheFeedCannotBeReadOrStoredAndIsSmallAfterARead() throws Exception {
		RevocationPoller poller = poller(FakeRealm.READER_CLIENT_SECRET);
		poller.poll();
		assertThat(poller.lagSeconds()).isLessThan(1);

		this.realm.setAvailable(false);
		Thread.sleep(1_100);
		poller.poll();
		assertThat(poller.lagSeconds()).as("Keycloak unreachable").isGreaterThanOrEqualTo(1.1);

		this.realm.setAvailable(true);
		this.realm.revoke("partner-a", T0);
		willThrow(new DataAccessResourceFailureException("test: database down")).given(this.revokedTokens)
			.update(eq(0L), anyMap());
		poller.poll();
		assertThat(poller.lagSeconds()).as("read, but not stored").isGreaterThanOrEqualTo(1.1);

		willDoNothing().given(this.revokedTokens).update(eq(0L), anyMap());
		poller.poll();
		assertThat(poller.lagSeconds()).isLessThan(1);
	}

	@Test
	void aRefusedTokenIsDroppedAndANewOneFetchedAtTheNextPoll(CapturedOutput output) {
		this.realm.revoke("partner-a", T0);
		RevocationPoller poller = poller(FakeRealm.READER_CLIENT_SECRET);
		poller.poll();

		this.realm.revokeReaderTokens();
		poller.poll();

		assertThat(this.realm.tokenRequests()).as("not at once").isEqualTo(1);
		assertThat(output.getAll()).contains("HTTP 401: the token of client 'orders-service' was refused");

		poller.poll();

		assertThat(this.realm.tokenRequests()).isEqualTo(2);
		assertThat(this.realm.feedAuthorizations()).hasSize(3)
			.last()
			.isEqualTo("Bearer " + this.realm.issuedReaderTokens().get(1));
		assertThat(output.getAll()).contains("are followed again");
		assertThat(this.realm.notModifiedResponses()).as("the ETag outlives the token").isEqualTo(1);
		assertNoSecretsIn(output);
	}

	@Test
	void aWrongSecretIsReportedWithoutTheSecret(CapturedOutput output) {
		poller("not-the-secret").poll();

		assertThat(this.realm.feedRequests()).isZero();
		verify(this.revokedTokens, never()).update(anyLong(), anyMap());
		assertThat(output.getAll()).contains("no token for client 'orders-service' from " + this.realm.tokenUri())
			.contains("unauthorized_client")
			.doesNotContain("not-the-secret");
	}

	@Test
	void aClientWithoutTheReaderRoleIsReported(CapturedOutput output) {
		this.realm.setReaderRoleMissing(true);

		poller(FakeRealm.READER_CLIENT_SECRET).poll();

		verify(this.revokedTokens, never()).update(anyLong(), anyMap());
		assertThat(output.getAll()).contains("HTTP 403");
		assertNoSecretsIn(output);
	}

	@Test
	void needsTheSecret() {
		assertThatThrownBy(() -> poller(null)).isInstanceOf(IllegalStateException.class)
			.hasMessage("orders.revocation.client-secret is not set: revocations are read with the secret of the "
					+ "Keycloak client 'orders-service'");
		assertThatThrownBy(() -> poller(" ")).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void theSecretIsNotInThePropertiesToString() {
		RevocationProperties properties = properties("s3cret-value");

		assertThat(properties.toString()).doesNotContain("s3cret-value").contains("clientId=orders-service");
	}

	@Test
	void urisAndClientIdDefaultFromTheIssuer() {
		RevocationProperties properties = new RevocationProperties(null, null, null, null, null, null, null, "x");

		assertThat(properties.delivery()).isEqualTo(RevocationProperties.Delivery.SSF);
		assertThat(properties.stream()).isNull();
		assertThat(properties.streamName(8081)).startsWith("orders-service@").isEqualTo(properties.streamName(8081));
		assertThat(properties.streamName(0)).as("a random port: a stream of its own").isNotEqualTo(properties.streamName(0));
		assertThat(new RevocationProperties(null, "replica-7", null, null, null, null, null, "x").streamName(8081))
			.isEqualTo("replica-7");
		assertThat(properties.clientId()).isEqualTo("orders-service");
		assertThat(properties.ssfConfigurationUriFor("http://kc/realms/partners/"))
			.isEqualTo(URI.create("http://kc/realms/partners/.well-known/ssf-configuration"));
		assertThat(properties.tokenUriFor("http://kc/realms/partners/"))
			.isEqualTo(URI.create("http://kc/realms/partners/protocol/openid-connect/token"));
		assertThat(properties.uriFor("http://kc/realms/partners"))
			.isEqualTo(URI.create("http://kc/realms/partners/partner-api/revocations"));
	}

	private void assertNoSecretsIn(CapturedOutput output) {
		assertThat(output.getAll()).doesNotContain(FakeRealm.READER_CLIENT_SECRET);
		for (String token : this.realm.issuedReaderTokens()) {
			assertThat(output.getAll()).doesNotContain(token);
		}
	}

	private String feed() {
		return this.realm.issuer() + "/partner-api/revocations";
	}

	private RevocationPoller poller(String secret) {
		return new RevocationPoller(this.revokedTokens, properties(secret), this.realm.issuer(), JsonMapper.builder().build());
	}

	private static RevocationProperties properties(String secret) {
		return new RevocationProperties(RevocationProperties.Delivery.FEED, null, null, null, null, null, null, secret);
	}

}
