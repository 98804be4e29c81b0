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
 */
@Component
public class RevokedTokens {

	private static final String REALM = "realm";
	private static final String CLIENT = "client:";

	private final JdbcClient jdbc;

	private volatile Map<String, Instant> notBefore;

	RevokedTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.notBefore = load();
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

	/** Takes what Keycloak publishes now, and stores what changed. */
	void update(long realmNotBefore, Map<String, Long> clientNotBefore) {
		Map<String, Instant> next = new HashMap<>();
		if (realmNotBefore > 0) {
			next.put(REALM, Instant.ofEpochSecond(realmNotBefore));
		}
		clientNotBefore.forEach((clientId, seconds) -> {
			if (seconds != null && seconds > 0) {
				next.put(CLIENT + clientId, Instant.ofEpochSecond(seconds));
			}
		});
		if (next.equals(this.notBefore)) {
			return;
		}
		// Memory first: revocation must not wait for the database.
		Map<String, Instant> previous = this.notBefore;
		this.notBefore = Map.copyOf(next);
		next.forEach((scope, time) -> {
			if (!time.equals(previous.get(scope))) {
				this.jdbc.sql("INSERT INTO token_revocations (scope, not_before) VALUES (?, ?) "
						+ "ON CONFLICT (scope) DO UPDATE SET not_before = EXCLUDED.not_before")
					.params(scope, Timestamp.from(time))
					.update();
			}
		});
	}

	int size() {
		return this.notBefore.size();
	}

	private Map<String, Instant> load() {
		Map<String, Instant> loaded = new HashMap<>();
		this.jdbc.sql("SELECT scope, not_before FROM token_revocations")
			.query((row, n) -> Map.entry(row.getString(1), row.getTimestamp(2).toInstant()))
			.list()
			.forEach((entry) -> loaded.put(entry.getKey(), entry.getValue()));
		return Map.copyOf(loaded);
	}

}
