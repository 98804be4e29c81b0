package com.restoration.partnerapi.orders.revocation;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.KeySourceException;
import com.restoration.partnerapi.orders.revocation.SecurityEventTokens.Invalid;
import com.restoration.partnerapi.orders.revocation.SecurityEventTokens.SecurityEvent;
import com.restoration.partnerapi.orders.revocation.SsfStreams.SsfStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Polls one SSF stream (RFC 8936). Each poll tells the transmitter what became of the SETs it delivered before:
 * {@code ack} for those whose effect is stored (or that have none), {@code setErrs} for those that are invalid and
 * were not applied; the transmitter deletes both. Then it verifies the SETs it is answered and applies them. A SET
 * not acknowledged is delivered again, so nothing is lost to a failed store or a crash, and applying one twice does
 * no harm: the times only move forward.
 */
final class StreamPoller {

	static final int MAX_EVENTS = 100;

	/** Above the 20 s the transmitter holds a poll open while it has nothing to send. */
	static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * How long a SET signed with a {@code kid} we have not fetched is kept back rather than reported: longer than
	 * {@link com.restoration.partnerapi.orders.security.JwksKeySource} waits between two lookups of unknown kids.
	 */
	static final Duration UNKNOWN_KEY_PATIENCE = Duration.ofMinutes(2);

	private static final Logger log = LoggerFactory.getLogger(StreamPoller.class);

	private final SsfStream stream;

	private final TransmitterClient transmitter;

	private final SecurityEventTokens verifier;

	private final RevokedTokens revokedTokens;

	/** For the next poll: the jtis whose effect is stored, and the invalid ones. */
	private final Set<String> ack = new LinkedHashSet<>();

	private final Map<String, Map<String, String>> setErrs = new LinkedHashMap<>();

	private final Map<String, Instant> unknownKeySince = new HashMap<>();

	StreamPoller(SsfStream stream, TransmitterClient transmitter, SecurityEventTokens verifier,
			RevokedTokens revokedTokens) {
		this.stream = stream;
		this.transmitter = transmitter;
		this.verifier = verifier;
		this.revokedTokens = revokedTokens;
	}

	/**
	 * One poll, and what it answers applied.
	 * @param returnImmediately whether the transmitter is to answer at once even with nothing to send, rather than
	 * wait for an event: so the receiver learns at once that it is up to date, at start and after a failure
	 * @return whether every SET answered was applied and stored, or reported; {@code false} when one is kept back
	 * until its key can be fetched (it comes again at once: wait a little before the next poll)
	 * @throws TransmitterClient.Refused {@code 404} when the stream is gone
	 * @throws KeySourceException if the realm's keys cannot be had: the SETs are not applied, and come again
	 * @throws org.springframework.dao.DataAccessException if the times could not be stored: they are in force, and
	 * their SETs, not acknowledged, come again
	 */
	boolean poll(boolean returnImmediately) throws IOException, InterruptedException, KeySourceException {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("ack", List.copyOf(this.ack));
		if (!this.setErrs.isEmpty()) {
			request.put("setErrs", Map.copyOf(this.setErrs));
		}
		request.put("maxEvents", MAX_EVENTS);
		request.put("returnImmediately", returnImmediately);
		JsonNode answer = this.transmitter.post(this.stream.pollUri(), request, 200, POLL_TIMEOUT);
		// The transmitter has deleted them.
		this.ack.clear();
		this.setErrs.clear();

		RevocationEvents revocations = new RevocationEvents();
		List<String> revoking = new ArrayList<>();
		boolean keptBack = false;
		for (Map.Entry<String, JsonNode> delivered : answer.path("sets").properties()) {
			String jti = delivered.getKey();
			JsonNode set = delivered.getValue();
			try {
				SecurityEvent event = this.verifier.verify(jti, set.isString() ? set.stringValue() : "");
				this.unknownKeySince.remove(jti);
				if (revocations.add(event)) {
					revoking.add(jti);
				}
				else {
					this.ack.add(jti);
				}
			}
			catch (Invalid ex) {
				if (ex.unknownKey() && keepBack(jti)) {
					keptBack = true;
					continue;
				}
				this.unknownKeySince.remove(jti);
				this.setErrs.put(jti, Map.of("err", ex.err(), "description", ex.getMessage()));
				log.warn("SET {} of stream {} is not applied, and is reported: {} ({})", jti, this.stream.id(), ex.err(),
						ex.getMessage());
			}
		}
		// Also stores what an earlier update could not: a failure here leaves the revoking SETs unacknowledged.
		this.revokedTokens.update(revocations.realm(), revocations.clients());
		this.ack.addAll(revoking);
		return !keptBack;
	}

	SsfStream stream() {
		return this.stream;
	}

	/** Whether a SET whose key is unknown is still worth waiting for. */
	private boolean keepBack(String jti) {
		Instant now = Instant.now();
		this.unknownKeySince.values().removeIf((since) -> since.isBefore(now.minus(UNKNOWN_KEY_PATIENCE.multipliedBy(2))));
		Instant since = this.unknownKeySince.putIfAbsent(jti, now);
		if (since == null) {
			log.info("SET {} of stream {} is signed with a key not fetched yet; it is tried again for up to {}", jti,
					this.stream.id(), UNKNOWN_KEY_PATIENCE);
			return true;
		}
		return since.isAfter(now.minus(UNKNOWN_KEY_PATIENCE));
	}

}
