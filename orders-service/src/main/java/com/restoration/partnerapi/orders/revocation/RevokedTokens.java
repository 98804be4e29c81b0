package com.restoration.partnerapi.orders.revocation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The not-before times in force: a token issued to a client before its time, or before the realm's, is revoked.
 * Held in memory (checked on every request, no I/O) and mirrored in the database to survive restarts.
 *
 * <p>
 * A time only moves forward: an answer that lacks or predates one we hold (a Keycloak node whose cache has
 * not caught up, a deleted client) never makes a revoked token valid again.
 */
@Component
public class RevokedTokens {

	private static final String REALM = "realm";
	private static final String CLIENT = "client:";

	private final JdbcClient jdbc;

	private volatile Map<String, Instant> notBefore;

	/** What the table holds, so a write that failed (database down) is retried at the next update. */
	private final Map<String, Instant> stored;

	RevokedTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.stored = new HashMap<>(load());
		this.notBefore = Map.copyOf(this.stored);
	}

	/** Whether a token for {@code clientId} issued at {@code issuedAt} was revoked. */
	public boolean isRevoked(String clientId, Instant issuedAt) {
		Instant realm = this.notBefore.get(REALM);
		Instant client = (clientId != null) ? this.notBefore.get(CLIENT + clientId) : null;
		if (realm == null && client == null) {
			return false;
		}
		return issuedAt == null || (realm != null && issuedAt.isBefore(realm))
				|| (client != null && issuedAt.isBefore(client));
	}

	/**
	 * Takes what Keycloak publishes now (later times win), then stores what the table lacks.
	 * @throws org.springframework.dao.DataAccessException if the database is unavailable; the times are in
	 * force anyway, and are stored by a later update
	 */
	synchronized void update(long realmNotBefore, Map<String, Long> clientNotBefore) {
		Map<String, Instant> next = new HashMap<>(this.notBefore);
		if (realmNotBefore > 0) {
			next.merge(REALM, Instant.ofEpochSecond(realmNotBefore), RevokedTokens::later);
		}
		clientNotBefore.forEach((clientId, seconds) -> {
			if (seconds != null && seconds > 0) {
				next.merge(CLIENT + clientId, Instant.ofEpochSecond(seconds), RevokedTokens::later);
			}
		});
		// Memory first: revocation must not wait for the database.
		if (!next.equals(this.notBefore)) {
			this.notBefore = Map.copyOf(next);
		}
		for (Map.Entry<String, Instant> entry : next.entrySet()) {
			if (!entry.getValue().equals(this.stored.get(entry.getKey()))) {
				this.jdbc.sql("INSERT INTO token_revocations (scope, not_before) VALUES (?, ?) "
						+ "ON CONFLICT (scope) DO UPDATE SET not_before = GREATEST(token_revocations.not_before, EXCLUDED.not_before)")
					.params(entry.getKey(), Timestamp.from(entry.getValue()))
					.update();
				this.stored.put(entry.getKey(), entry.getValue());
			}
		}
	}

	int size() {
		return this.notBefore.size();
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private Map<String, Instant> load() {
		Map<String, Instant> loaded = new HashMap<>();
		this.jdbc.sql("SELECT scope, not_before FROM token_revocations")
			.query((row, n) -> Map.entry(row.getString(1), row.getTimestamp(2).toInstant()))
			.list()
			.forEach((entry) -> loaded.put(entry.getKey(), entry.getValue()));
		return loaded;
	}

}
