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

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows Keycloak's published revocations. One small GET every poll interval, whatever the traffic; while
 * Keycloak is unreachable the last known times (memory, then database) stay in force.
 */
@Component
class RevocationPoller {

	private static final Logger log = LoggerFactory.getLogger(RevocationPoller.class);

	private final RevokedTokens revokedTokens;
	private final URI uri;
	private final JsonMapper json;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	private volatile boolean failing;

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Revocations(@JsonProperty("realm_not_before") long realmNotBefore,
			@JsonProperty("clients") Map<String, Long> clients) {
	}

	RevocationPoller(RevokedTokens revokedTokens, RevocationProperties properties,
			OAuth2ResourceServerProperties resourceServer, JsonMapper json) {
		this.revokedTokens = revokedTokens;
		this.uri = properties.uriFor(resourceServer.getJwt().getIssuerUri());
		this.json = json;
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "${orders.revocation.poll-interval:2s}")
	void poll() {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.uri)
				.timeout(Duration.ofSeconds(3))
				.header("Accept", "application/json")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IOException("HTTP " + response.statusCode());
			}
			Revocations revocations = this.json.readValue(response.body(), Revocations.class);
			this.revokedTokens.update(revocations.realmNotBefore(),
					(revocations.clients() != null) ? revocations.clients() : Map.of());
			if (this.failing) {
				log.info("Revocations from {} are followed again ({} in force)", this.uri, this.revokedTokens.size());
				this.failing = false;
			}
		}
		catch (IOException | JacksonException | DataAccessException ex) {
			unavailable(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void unavailable(Exception ex) {
		if (!this.failing) {
			log.warn("Cannot read revocations from {} ({}); the last known ones stay in force", this.uri,
					ex.getMessage());
			this.failing = true;
		}
	}

}
