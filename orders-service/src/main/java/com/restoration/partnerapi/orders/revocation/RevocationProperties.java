package com.restoration.partnerapi.orders.revocation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

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
 *                            found at start or created; by default this instance's ({@link #streamName(int)}):
 *                            instances sharing a stream would each take the other's events away.
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

	/**
	 * The stream's name: the configured one, or this instance's: {@code orders-service@{host}:{port}}, the same across
	 * a restart and another on every host and port. Without a host name other than localhost, or with a random port
	 * (0), a random one: a stream of its own, made anew at each start (it first learns the revocations in force).
	 */
	String streamName(int serverPort) {
		if (this.stream != null) {
			return this.stream;
		}
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (IOException ex) {
				host = null;
			}
		}
		boolean named = host != null && !host.isBlank() && !"localhost".equals(host) && serverPort > 0;
		return DEFAULT_STREAM + "@" + (named ? host + ":" + serverPort : UUID.randomUUID());
	}

	/** {@code orders.revocation.delivery}. */
	public enum Delivery {

		/** An SSF stream, long-polled (RFC 8936). */
		SSF,

		/** The revocation feed, polled every {@code poll-interval}. Deprecated: removed in the next release. */
		FEED

	}

	public RevocationProperties {
		delivery = (delivery == null) ? Delivery.SSF : delivery;
		stream = (stream == null || stream.isBlank()) ? null : stream;
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
