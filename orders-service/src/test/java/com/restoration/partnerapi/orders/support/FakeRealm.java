package com.restoration.partnerapi.orders.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the Keycloak realm "partners": serves a JWKS at the realm's certs path from a local HTTP
 * server and mints RS256 access tokens shaped like Keycloak's. Can be made unavailable to simulate an outage,
 * and counts JWKS fetches.
 */
public final class FakeRealm implements AutoCloseable {

	public static final String AUDIENCE = "orders-service";

	private final HttpServer server;

	private final AtomicInteger fetches = new AtomicInteger();

	private volatile List<RSAKey> published = List.of();

	private volatile boolean available = true;

	private final RSAKey signingKey;

	public FakeRealm() {
		this.signingKey = newKey("realm-key-1");
		this.published = List.of(this.signingKey);
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/realms/partners/protocol/openid-connect/certs", (exchange) -> {
			this.fetches.incrementAndGet();
			byte[] body;
			int status;
			if (this.available) {
				body = new JWKSet(new ArrayList<>(this.published.stream().map(RSAKey::toPublicJWK).toList()))
					.toString()
					.getBytes(StandardCharsets.UTF_8);
				status = 200;
			}
			else {
				body = "down".getBytes(StandardCharsets.UTF_8);
				status = 503;
			}
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public String issuer() {
		return baseUrl() + "/realms/partners";
	}

	public String jwkSetUri() {
		return issuer() + "/protocol/openid-connect/certs";
	}

	public RSAKey signingKey() {
		return this.signingKey;
	}

	public void publish(RSAKey... keys) {
		this.published = List.of(keys);
	}

	public void setAvailable(boolean available) {
		this.available = available;
	}

	public int jwksFetches() {
		return this.fetches.get();
	}

	public static RSAKey newKey(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Claims of a valid access token of {@code clientId} with both order scopes. */
	public JWTClaimsSet.Builder claims(String clientId) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(issuer())
			.audience(List.of(AUDIENCE, "account"))
			.claim("azp", clientId)
			.claim("scope", "orders:read orders:write")
			.claim("typ", "Bearer")
			.subject(UUID.randomUUID().toString())
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
	}

	public String token(String clientId) {
		return sign(claims(clientId).build(), this.signingKey);
	}

	public String token(String clientId, Consumer<JWTClaimsSet.Builder> customizer) {
		JWTClaimsSet.Builder claims = claims(clientId);
		customizer.accept(claims);
		return sign(claims.build(), this.signingKey);
	}

	public static String sign(JWTClaimsSet claims, RSAKey key) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
