package com.restoration.partnerapi.orders.revocation;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.restoration.partnerapi.orders.revocation.SecurityEventTokens.SecurityEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a batch of verified SETs revokes, as {@link RevokedTokens#update} takes it: the latest cut-off of the realm
 * and of each client. A CAEP {@code credential-change} or {@code session-revoked} revokes the tokens issued before
 * its {@code event_timestamp}: of one client for a {@code sub_id} {@code {"format": "opaque", "id": "<client_id>"}},
 * of the whole realm for {@code {"format": "complex", "tenant": {...}}} (decision 15). An SSF {@code verification}
 * is logged; any other event, or subject, changes nothing.
 */
final class RevocationEvents {

	static final String CREDENTIAL_CHANGE = "https://schemas.openid.net/secevent/caep/event-type/credential-change";

	static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

	static final String VERIFICATION = "https://schemas.openid.net/secevent/ssf/event-type/verification";

	/** The latest cut-off taken: clocks a little apart, never a date to come. */
	static final long MAX_AHEAD_SECONDS = 60;

	private static final Logger log = LoggerFactory.getLogger(RevocationEvents.class);

	private long realm;

	private final Map<String, Long> clients = new HashMap<>();

	/**
	 * Takes in what the SET revokes.
	 * @return whether it revokes anything, so that it may be acknowledged only once that is stored
	 */
	boolean add(SecurityEvent set) {
		boolean revokes = false;
		for (Map.Entry<String, Object> event : set.events().entrySet()) {
			switch (event.getKey()) {
				case CREDENTIAL_CHANGE, SESSION_REVOKED -> revokes |= revoke(set, event.getValue());
				case VERIFICATION -> log.info("Verification event {} received on the revocation stream", set.jti());
				default -> log.debug("Event {} of type {} ignored", set.jti(), event.getKey());
			}
		}
		return revokes;
	}

	long realm() {
		return this.realm;
	}

	Map<String, Long> clients() {
		return this.clients;
	}

	private boolean revoke(SecurityEvent set, Object event) {
		long notBefore = atMostSoon(set, eventTimestamp(set, event));
		Map<String, Object> subject = set.subId();
		Object format = (subject != null) ? subject.get("format") : null;
		if ("opaque".equals(format) && subject.get("id") instanceof String clientId && !clientId.isEmpty()) {
			this.clients.merge(clientId, notBefore, Math::max);
			return true;
		}
		// The realm only when the tenant is the whole subject: a complex subject that also names a user or a session
		// is narrower, and must not revoke every token.
		if ("complex".equals(format) && subject.get("tenant") instanceof Map<?, ?> && subject.size() == 2) {
			this.realm = Math.max(this.realm, notBefore);
			return true;
		}
		log.warn("Event {} ignored: its subject is neither a client nor the realm", set.jti());
		return false;
	}

	/**
	 * A cut-off no later than {@value #MAX_AHEAD_SECONDS} s from now: times only move forward, so one far ahead (a
	 * realm's not-before set to a future date by mistake) would refuse every token until then, whatever Keycloak said
	 * next. Keycloak's own cut-offs are at most the next second.
	 */
	private static long atMostSoon(SecurityEvent set, long notBefore) {
		long latest = Instant.now().getEpochSecond() + MAX_AHEAD_SECONDS;
		if (notBefore > latest) {
			log.warn("Event {} revokes tokens issued before {}, later than now: taken as {}", set.jti(), notBefore, latest);
			return latest;
		}
		return notBefore;
	}

	/**
	 * The event's {@code event_timestamp}, rounded up to a whole second (a token's {@code iat} is one); a CAEP
	 * event must have it, but one without is taken to start at the SET's {@code iat}, which is no earlier: revoking a
	 * little more beats losing the revocation.
	 */
	private static long eventTimestamp(SecurityEvent set, Object event) {
		if (event instanceof Map<?, ?> fields && fields.get("event_timestamp") instanceof Number seconds
				&& Double.isFinite(seconds.doubleValue())) {
			return (long) Math.ceil(seconds.doubleValue());
		}
		return set.issuedAt().getEpochSecond();
	}

}
