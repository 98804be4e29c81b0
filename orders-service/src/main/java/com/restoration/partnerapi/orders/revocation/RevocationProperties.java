package com.restoration.partnerapi.orders.revocation;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and how often to read Keycloak's published revocations, and as which client. The feed needs an access
 * token of that client (OAuth2 client credentials) whose service account holds the realm's revocations reader role.
 *
 * @param uri          {@code orders.revocation.uri}; by default the issuer's {@code /partner-api/revocations}
 * @param pollInterval {@code orders.revocation.poll-interval}; a revoked token is refused within this much
 *                     time (plus one request) after the rotation
 * @param tokenUri     {@code orders.revocation.token-uri}; by default the issuer's
 *                     {@code /protocol/openid-connect/token}
 * @param clientId     {@code orders.revocation.client-id}; {@code orders-service} by default
 * @param clientSecret {@code orders.revocation.client-secret}; required, no default (the service refuses to start
 *                     without it). Never logged: {@link #toString()} masks it.
 */
@ConfigurationProperties("orders.revocation")
public record RevocationProperties(URI uri, Duration pollInterval, URI tokenUri, String clientId, String clientSecret) {

	static final String DEFAULT_CLIENT_ID = "orders-service";

	public RevocationProperties {
		pollInterval = (pollInterval == null) ? Duration.ofSeconds(2) : pollInterval;
		clientId = (clientId == null || clientId.isBlank()) ? DEFAULT_CLIENT_ID : clientId;
	}

	URI uriFor(String issuer) {
		return (uri != null) ? uri : URI.create(trimmed(issuer) + "/partner-api/revocations");
	}

	URI tokenUriFor(String issuer) {
		return (tokenUri != null) ? tokenUri : URI.create(trimmed(issuer) + "/protocol/openid-connect/token");
	}

	@Override
	public String toString() {
		return "RevocationProperties[uri=" + this.uri + ", pollInterval=" + this.pollInterval + ", tokenUri="
				+ this.tokenUri + ", clientId=" + this.clientId + ", clientSecret="
				+ ((this.clientSecret != null) ? "(hidden)" : "null") + "]";
	}

	private static String trimmed(String issuer) {
		return issuer.replaceAll("/+$", "");
	}

}
