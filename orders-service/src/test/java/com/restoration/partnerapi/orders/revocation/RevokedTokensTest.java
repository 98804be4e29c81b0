package com.restoration.partnerapi.orders.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.restoration.partnerapi.orders.support.SwitchableDataSource;
import com.restoration.partnerapi.orders.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The revocation times orders-service enforces: only ever later, in force before they are stored, and stored
 * once the database is back. Client ids are fresh per test; the realm-wide time is never touched, since other
 * tests share this database.
 */
class RevokedTokensTest {

	private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

	private final SwitchableDataSource database = new SwitchableDataSource();

	private final JdbcClient jdbc = JdbcClient.create(this.database);

	private final String client = "partner-" + UUID.randomUUID();

	@BeforeAll
	static void schema() {
		Flyway.configure().dataSource(TestDatabase.url(), TestDatabase.user(), TestDatabase.password()).load().migrate();
	}

	@Test
	void aTokenIssuedBeforeItsClientsTimeIsRevoked() {
		RevokedTokens revoked = new RevokedTokens(this.jdbc);

		revoked.update(0, Map.of(this.client, T0.getEpochSecond()));

		assertThat(revoked.isRevoked(this.client, T0.minusSeconds(1))).isTrue();
		assertThat(revoked.isRevoked(this.client, T0)).isFalse();
		assertThat(revoked.isRevoked("another-" + this.client, T0.minusSeconds(1))).isFalse();
	}

	@Test
	void aStaleOrMissingAnswerNeverUndoesARevocation() {
		RevokedTokens revoked = new RevokedTokens(this.jdbc);
		revoked.update(0, Map.of(this.client, T0.getEpochSecond()));

		revoked.update(0, Map.of(this.client, T0.minusSeconds(60).getEpochSecond()));
		revoked.update(0, Map.of());

		assertThat(revoked.isRevoked(this.client, T0.minusSeconds(1))).isTrue();
		assertThat(new RevokedTokens(this.jdbc).isRevoked(this.client, T0.minusSeconds(1)))
			.as("after a restart").isTrue();
	}

	@Test
	void aLaterTimeReplacesAnEarlierOne() {
		RevokedTokens revoked = new RevokedTokens(this.jdbc);
		revoked.update(0, Map.of(this.client, T0.getEpochSecond()));

		revoked.update(0, Map.of(this.client, T0.plusSeconds(60).getEpochSecond()));

		assertThat(revoked.isRevoked(this.client, T0.plusSeconds(59))).isTrue();
		assertThat(new RevokedTokens(this.jdbc).isRevoked(this.client, T0.plusSeconds(59))).as("after a restart").isTrue();
	}

	@Test
	void aRevocationArrivingWhileTheDatabaseIsDownIsInForceAtOnceAndStoredWhenItIsBack() {
		RevokedTokens revoked = new RevokedTokens(this.jdbc);
		Map<String, Long> published = Map.of(this.client, T0.getEpochSecond());

		this.database.down = true;
		assertThatThrownBy(() -> revoked.update(0, published)).isInstanceOf(DataAccessException.class);
		assertThat(revoked.isRevoked(this.client, T0.minusSeconds(1))).as("in force while the database is down").isTrue();

		this.database.down = false;
		assertThat(new RevokedTokens(this.jdbc).isRevoked(this.client, T0.minusSeconds(1))).as("not stored yet").isFalse();
		revoked.update(0, published);
		assertThat(new RevokedTokens(this.jdbc).isRevoked(this.client, T0.minusSeconds(1))).as("stored").isTrue();
	}

}
