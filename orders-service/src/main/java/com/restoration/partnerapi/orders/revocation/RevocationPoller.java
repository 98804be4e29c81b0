package com.restoration.partnerapi.orders.revocation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Component;

/**
 * Follows Keycloak's revocation feed, with {@code orders.revocation.delivery=feed} only. One small GET every poll
 * interval, whatever the traffic, with an access token of orders-service's own client (see
 * {@link RevocationClientToken}) and the last {@code ETag}: an unchanged document is a bodiless {@code 304}. While
 * Keycloak is unreachable, or refuses us, the last known times (memory, then database) stay in force.
 * {@link #lagSeconds()} says how long ago the feed was last read in full.
 *
 * @deprecated the feed is superseded by the SSF stream ({@link SsfReceiver}, decision 15) and goes in the next
 * release, with Keycloak's {@code /partner-api/revocations}
 */
@Deprecated(forRemoval = true)
@Component
@ConditionalOnProperty(prefix = "orders.revocation", name = "delivery", havingValue = "feed")
class RevocationPoller implements RevocationDelivery {

	private static final Logger log = LoggerFactory.getLogger(RevocationPoller.class);

	private final RevokedTokens revokedTokens;
	private final URI uri;
	private final RevocationClientToken token;
	private final String clientId;
	private final JsonMapper json;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	private volatile boolean failing;

	/** Of the last document taken into force; only then is a 304 "nothing new". */
	private volatile String etag;

	/**
	 * When the last poll that ended well (a document in force and stored, or a 304) was sent: what Keycloak published
	 * then is in force. Before the first, when this was made.
	 */
	private volatile long lastReadNanos = System.nanoTime();

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Revocations(@JsonProperty("realm_not_before") long realmNotBefore,
			@JsonProperty("clients") Map<String, Long> clients) {
	}

	@Autowired
	RevocationPoller(RevokedTokens revokedTokens, RevocationProperties properties,
			OAuth2ResourceServerProperties resourceServer, JsonMapper json) {
		this(revokedTokens, properties, resourceServer.getJwt().getIssuerUri(), json);
	}

	RevocationPoller(RevokedTokens revokedTokens, RevocationProperties properties, String issuer, JsonMapper json) {
		this.revokedTokens = revokedTokens;
		this.uri = properties.uriFor(issuer);
		this.clientId = properties.clientId();
		this.token = new RevocationClientToken(properties.tokenUriFor(issuer), properties.clientId(),
				properties.clientSecret());
		this.json = json;
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${orders.revocation.poll-interval:2s}")
	void poll() {
		long started = System.nanoTime();
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(this.uri)
				.timeout(Duration.ofSeconds(3))
				.header("Accept", "application/json")
				.header("Authorization", "Bearer " + this.token.get())
				.GET();
			String lastEtag = this.etag;
			if (lastEtag != null) {
				request.header("If-None-Match", lastEtag);
			}
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			switch (response.statusCode()) {
				case 200 -> takeIntoForce(response);
				case 304 -> {
					// Nothing new since the document of lastEtag: the times in force stay as they are.
				}
				case 401 -> {
					this.token.invalidate();
					throw new IOException("HTTP 401: the token of client '" + this.clientId
							+ "' was refused; a new one is requested at the next poll");
				}
				case 403 -> throw new IOException("HTTP 403: the service account of client '" + this.clientId
						+ "' lacks the realm role that may read revocations");
				default -> throw new IOException("HTTP " + response.statusCode());
			}
			this.lastReadNanos = started;
			if (this.failing) {
				log.info("Revocations from {} are followed again ({} in force)", this.uri, this.revokedTokens.size());
				this.failing = false;
			}
		}
		catch (OAuth2AuthorizationException ex) {
			unavailable("no token for client '" + this.clientId + "' from " + this.token.tokenUri() + ": " + describe(ex));
		}
		catch (IOException | JacksonException | DataAccessException ex) {
			unavailable(describe(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Seconds since the feed was last read in full and stored (a revocation may go unseen one poll interval more). */
	@Override
	public double lagSeconds() {
		return (System.nanoTime() - this.lastReadNanos) / 1e9;
	}

	private void takeIntoForce(HttpResponse<String> response) {
		Revocations revocations = this.json.readValue(response.body(), Revocations.class);
		this.revokedTokens.update(revocations.realmNotBefore(),
				(revocations.clients() != null) ? revocations.clients() : Map.of());
		// Only once the times are in force and stored: after a failed store, the next poll must get the whole
		// document again (not a 304) so the store is retried.
		this.etag = response.headers().firstValue("ETag").orElse(null);
	}

	/** The message, and the kind of the root cause (a refused connection has no message of its own). */
	private static String describe(Exception ex) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(ex);
		return (root != ex || ex.getMessage() == null) ? ex.getMessage() + " (" + root.getClass().getSimpleName() + ")"
				: ex.getMessage();
	}

	private void unavailable(String reason) {
		if (!this.failing) {
			log.warn("Cannot read revocations from {} ({}); the last known ones stay in force", this.uri, reason);
			this.failing = true;
		}
	}

}
