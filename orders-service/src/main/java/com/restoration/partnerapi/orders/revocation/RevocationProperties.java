package com.restoration.partnerapi.orders.revocation;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and how often to read Keycloak's published revocations.
 *
 * @param uri          {@code orders.revocation.uri}; by default the issuer's {@code /partner-api/revocations}
 * @param pollInterval {@code orders.revocation.poll-interval}; a revoked token is refused within this much
 *                     time (plus one request) after the rotation
 */
@ConfigurationProperties("orders.revocation")
public record RevocationProperties(URI uri, Duration pollInterval) {

	public RevocationProperties {
		pollInterval = (pollInterval == null) ? Duration.ofSeconds(2) : pollInterval;
	}

	URI uriFor(String issuer) {
		return (uri != null) ? uri : URI.create(issuer.replaceAll("/+$", "") + "/partner-api/revocations");
	}

}
