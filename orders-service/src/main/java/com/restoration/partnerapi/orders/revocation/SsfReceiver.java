package com.restoration.partnerapi.orders.revocation;

import java.io.IOException;
import java.time.Duration;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.restoration.partnerapi.orders.revocation.SsfStreams.SsfStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Component;

/**
 * Receives Keycloak's revocations as OpenID Shared Signals (decision 15), the default
 * {@code orders.revocation.delivery}: finds or creates this service's stream ({@link SsfStreams}) and long-polls it
 * ({@link StreamPoller}) on a thread of its own, from start-up until shutdown. A revocation reaches it while the
 * transmitter holds a poll open, so within a second. While the transmitter is unreachable or refuses us, it tries
 * again, backing off from {@value #FIRST_RETRY_SECONDS} s to {@value #MAX_BACKOFF_SECONDS} s, and the times it
 * stored stay in force; a stream that is gone ({@code 404}) is found or created again. It says once that it cannot
 * follow revocations, and once that it follows them again; never a token, the secret or a SET.
 */
@Component
@ConditionalOnProperty(prefix = "orders.revocation", name = "delivery", havingValue = "ssf", matchIfMissing = true)
class SsfReceiver implements SmartLifecycle, RevocationDelivery {

	static final int FIRST_RETRY_SECONDS = 1;

	static final int MAX_BACKOFF_SECONDS = 5;

	private static final Logger log = LoggerFactory.getLogger(SsfReceiver.class);

	private final RevokedTokens revokedTokens;

	private final RevocationClientToken token;

	private final TransmitterClient transmitter;

	private final SsfStreams streams;

	private final SecurityEventTokens verifier;

	private final String name;

	private final String clientId;

	private Thread thread;

	private volatile boolean running;

	private volatile boolean failing;

	/** Whether everything delivered so far is applied and stored (or reported): the poll now open will say more. */
	private volatile boolean upToDate;

	/** When the last poll that ended that way returned; before the first, when this was made. */
	private volatile long lastReadNanos = System.nanoTime();

	/** When the last poll was sent: a receiver stuck elsewhere (a database call, a dead thread) is not up to date. */
	private volatile long pollStartedNanos = System.nanoTime();

	@Autowired
	SsfReceiver(RevokedTokens revokedTokens, RevocationProperties properties,
			OAuth2ResourceServerProperties resourceServer, JsonMapper json, JWKSource<SecurityContext> realmSigningKeys,
			@Value("${server.port:8080}") int serverPort) {
		this(revokedTokens, properties, resourceServer.getJwt().getIssuerUri(), json, realmSigningKeys,
				properties.streamName(serverPort));
	}

	SsfReceiver(RevokedTokens revokedTokens, RevocationProperties properties, String issuer, JsonMapper json,
			JWKSource<SecurityContext> realmSigningKeys, String streamName) {
		this.revokedTokens = revokedTokens;
		this.token = new RevocationClientToken(properties.tokenUriFor(issuer), properties.clientId(),
				properties.clientSecret());
		this.transmitter = new TransmitterClient(this.token, properties.clientId(), json);
		this.streams = new SsfStreams(this.transmitter, properties.ssfConfigurationUriFor(issuer), streamName);
		this.verifier = new SecurityEventTokens(realmSigningKeys, issuer, properties.clientId());
		this.name = streamName;
		this.clientId = properties.clientId();
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.thread = new Thread(this::follow, "ssf-receiver");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Ends the open poll at once (the transmitter re-delivers whatever it did not hear acknowledged). */
	@Override
	public void stop() {
		Thread following;
		synchronized (this) {
			this.running = false;
			following = this.thread;
			this.thread = null;
		}
		if (following != null) {
			following.interrupt();
			try {
				following.join(Duration.ofSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Seconds since the receiver last knew itself up to date: none while it waits in a poll that follows a successful
	 * one, since the transmitter answers that poll as soon as there is an event (until the poll times out,
	 * {@link StreamPoller#POLL_TIMEOUT}); otherwise, or once that poll is older than its timeout, since the last
	 * successful poll returned.
	 */
	@Override
	public double lagSeconds() {
		long now = System.nanoTime();
		boolean waitingInTime = now - this.pollStartedNanos < StreamPoller.POLL_TIMEOUT.plusSeconds(5).toNanos();
		return (this.upToDate && waitingInTime) ? 0 : (now - this.lastReadNanos) / 1e9;
	}

	private void follow() {
		StreamPoller poller = null;
		int failures = 0;
		while (this.running) {
			Duration pause = Duration.ZERO;
			try {
				if (poller == null) {
					poller = new StreamPoller(found(this.streams.findOrCreate()), this.transmitter, this.verifier,
							this.revokedTokens);
				}
				boolean waited = this.upToDate;
				long started = System.nanoTime();
				this.pollStartedNanos = started;
				boolean applied = poller.poll(!waited);
				read(applied);
				failures = 0;
				// A long poll answered at once with nothing: the transmitter would not hold it (too many waiting).
				// Not again at once: that would be a loop of requests.
				boolean answeredEmptyAtOnce = waited && poller.lastDelivered() == 0
						&& System.nanoTime() - started < Duration.ofSeconds(FIRST_RETRY_SECONDS).toNanos();
				pause = (applied && !answeredEmptyAtOnce) ? Duration.ZERO : Duration.ofSeconds(FIRST_RETRY_SECONDS);
			}
			catch (TransmitterClient.Refused ex) {
				if (ex.status() == 404 && poller != null) {
					log.info("SSF stream {} is gone; finding or creating '{}' again", poller.stream().id(), this.name);
					poller = null;
					pause = (failures++ == 0) ? Duration.ZERO : backoff(failures);
				}
				else {
					// A refused token is dropped: the first retry is at once, with a new one.
					pause = failed(ex.getMessage(), failures++, ex.status() == 401);
				}
			}
			catch (OAuth2AuthorizationException ex) {
				pause = failed("no token for client '" + this.clientId + "' from " + this.token.tokenUri() + ": "
						+ describe(ex), failures++, false);
			}
			catch (DataAccessException ex) {
				// Received, in force in memory, not stored: its SETs are not acknowledged and come again.
				pause = failed("the revocations cannot be stored: " + describe(ex), 0, false);
			}
			catch (IOException | KeySourceException | RuntimeException ex) {
				pause = failed(describe(ex), failures++, false);
			}
			catch (InterruptedException ex) {
				return;
			}
			if (!pause.isZero() && !sleep(pause)) {
				return;
			}
		}
	}

	private SsfStream found(SsfStream stream) {
		log.info("Following revocations on SSF stream {} ('{}', {}) from {}", stream.id(), this.name,
				stream.created() ? "created" : "found", this.streams.discovery());
		return stream;
	}

	private void read(boolean applied) {
		if (applied) {
			this.lastReadNanos = System.nanoTime();
		}
		this.upToDate = applied;
		if (this.failing) {
			log.info("Revocations on SSF stream '{}' are followed again ({} in force)", this.name,
					this.revokedTokens.size());
			this.failing = false;
		}
	}

	/** Says once that revocations cannot be followed; the pause before the next try. */
	private Duration failed(String reason, int failuresBefore, boolean retryAtOnce) {
		this.upToDate = false;
		if (!this.running) {
			return Duration.ZERO;
		}
		if (!this.failing) {
			log.warn("Cannot follow revocations on SSF stream '{}' from {} ({}); the last known ones stay in force",
					this.name, this.streams.discovery(), reason);
			this.failing = true;
		}
		return (retryAtOnce && failuresBefore == 0) ? Duration.ZERO : backoff(failuresBefore + 1);
	}

	/** 1 s, 2 s, 4 s, then 5 s. */
	private static Duration backoff(int failures) {
		return Duration.ofSeconds(Math.min(MAX_BACKOFF_SECONDS, FIRST_RETRY_SECONDS << Math.min(failures - 1, 3)));
	}

	private static boolean sleep(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			return false;
		}
	}

	/** The message, and the kind of the root cause (a refused connection has no message of its own). */
	private static String describe(Exception ex) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(ex);
		return (root != ex || ex.getMessage() == null) ? ex.getMessage() + " (" + root.getClass().getSimpleName() + ")"
				: ex.getMessage();
	}

}
