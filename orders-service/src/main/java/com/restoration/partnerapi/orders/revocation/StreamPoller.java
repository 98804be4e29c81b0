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

	/** After this, a SET still kept back is said again in the log. */
	static final Duration FORGET_KEPT_BACK_AFTER = Duration.ofMinutes(10);

	private static final Logger log = LoggerFactory.getLogger(StreamPoller.class);

	private final SsfStream stream;

	private final TransmitterClient transmitter;

	private final SecurityEventTokens verifier;

	private final RevokedTokens revokedTokens;

	/** For the next poll: the jtis whose effect is stored, and the invalid ones. */
	private final Set<String> ack = new LinkedHashSet<>();

	private final Map<String, Map<String, String>> setErrs = new LinkedHashMap<>();

	private final Map<String, Instant> keptBackSince = new HashMap<>();

	private int lastDelivered;

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
	 * until it verifies (a key not fetched yet, or another issuer or audience than ours): it comes again at once, so
	 * wait a little before the next poll
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
		this.lastDelivered = answer.path("sets").size();
		List<String> revoking = new ArrayList<>();
		boolean keptBack = false;
		for (Map.Entry<String, JsonNode> delivered : answer.path("sets").properties()) {
			String jti = delivered.getKey();
			JsonNode set = delivered.getValue();
			try {
				SecurityEvent event = this.verifier.verify(jti, set.isString() ? set.stringValue() : "");
				this.keptBackSince.remove(jti);
				if (revocations.add(event)) {
					revoking.add(jti);
				}
				else {
					this.ack.add(jti);
				}
			}
			catch (Invalid ex) {
				// A key not fetched yet, or an issuer or audience other than ours: more likely our configuration (or
				// a key cache that could not refresh) than the SET. Never reported, so the transmitter keeps it, and
				// never applied: the receiver is not up to date (its lag grows, and the alert says so).
				if (ex.unknownKey() || "invalid_issuer".equals(ex.err()) || "invalid_audience".equals(ex.err())) {
					keepBack(jti, ex);
					keptBack = true;
					continue;
				}
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

	/** Says once per SET why it is kept back. */
	private void keepBack(String jti, Invalid ex) {
		Instant now = Instant.now();
		this.keptBackSince.values().removeIf((since) -> since.isBefore(now.minus(FORGET_KEPT_BACK_AFTER)));
		if (this.keptBackSince.putIfAbsent(jti, now) == null) {
			log.warn("SET {} of stream {} is kept back, neither applied nor acknowledged, until it verifies: {} ({})",
					jti, this.stream.id(), ex.err(), ex.getMessage());
		}
	}

	/** The SETs answered by the last poll. */
	int lastDelivered() {
		return this.lastDelivered;
	}

}
