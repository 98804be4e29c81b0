package com.restoration.partnerapi.orders.revocation;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How Keycloak's revocations reach orders-service, and as which client. Either way it presents an access token of
 * that client (OAuth2 client credentials) whose service account holds the realm role
 * {@code partner-revocations-reader}.
 *
 * @param delivery            {@code orders.revocation.delivery}: {@code ssf} (the default), an OpenID Shared Signals
 *                            stream polled as RFC 8936 says ({@link SsfReceiver}); or {@code feed}, the deprecated
 *                            revocation feed ({@link RevocationPoller}), kept for one release
 * @param stream              {@code orders.revocation.stream}: the {@code description} of this service's SSF stream,
 *                            found at start or created; by default (application.yml) the application's name, the
 *                            host's and the port, so one per instance: instances sharing a stream would each take the
 *                            other's events away.
 * @param ssfConfigurationUri {@code orders.revocation.ssf-configuration-uri}; by default the issuer's
 *                            {@code /.well-known/ssf-configuration}
 * @param uri                 {@code orders.revocation.uri} (feed only); by default the issuer's
 *                            {@code /partner-api/revocations}
 * @param pollInterval        {@code orders.revocation.poll-interval} (feed only); a revoked token is refused within
 *                            this much time (plus one request) after the rotation
 * @param tokenUri            {@code orders.revocation.token-uri}; by default the issuer's
 *                            {@code /protocol/openid-connect/token}
 * @param clientId            {@code orders.revocation.client-id}; {@code orders-service} by default. SETs must be
 *                            addressed to it ({@code aud}).
 * @param clientSecret        {@code orders.revocation.client-secret}; required, no default (the service refuses to
 *                            start without it). Never logged: {@link #toString()} masks it.
 */
@ConfigurationProperties("orders.revocation")
public record RevocationProperties(Delivery delivery, String stream, URI ssfConfigurationUri, URI uri,
		Duration pollInterval, URI tokenUri, String clientId, String clientSecret) {

	static final String DEFAULT_CLIENT_ID = "orders-service";

	static final String DEFAULT_STREAM = "orders-service";

	/** {@code orders.revocation.delivery}. */
	public enum Delivery {

		/** An SSF stream, long-polled (RFC 8936). */
		SSF,

		/** The revocation feed, polled every {@code poll-interval}. Deprecated: removed in the next release. */
		FEED

	}

	public RevocationProperties {
		delivery = (delivery == null) ? Delivery.SSF : delivery;
		stream = (stream == null || stream.isBlank()) ? DEFAULT_STREAM : stream;
		pollInterval = (pollInterval == null) ? Duration.ofSeconds(2) : pollInterval;
		clientId = (clientId == null || clientId.isBlank()) ? DEFAULT_CLIENT_ID : clientId;
	}

	URI ssfConfigurationUriFor(String issuer) {
		return (ssfConfigurationUri != null) ? ssfConfigurationUri
				: URI.create(trimmed(issuer) + "/.well-known/ssf-configuration");
	}

	URI uriFor(String issuer) {
		return (uri != null) ? uri : URI.create(trimmed(issuer) + "/partner-api/revocations");
	}

	URI tokenUriFor(String issuer) {
		return (tokenUri != null) ? tokenUri : URI.create(trimmed(issuer) + "/protocol/openid-connect/token");
	}

	@Override
	public String toString() {
		return "RevocationProperties[delivery=" + this.delivery + ", stream=" + this.stream + ", ssfConfigurationUri="
				+ this.ssfConfigurationUri + ", uri=" + this.uri + ", pollInterval=" + this.pollInterval
				+ ", tokenUri=" + this.tokenUri + ", clientId=" + this.clientId + ", clientSecret="
				+ ((this.clientSecret != null) ? "(hidden)" : "null") + "]";
	}

	private static String trimmed(String issuer) {
		return issuer.replaceAll("/+$", "");
	}

}
