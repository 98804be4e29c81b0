package com.restoration.partnerapi.orders.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the Keycloak realm "partners": serves a JWKS at the realm's certs path from a local HTTP
 * server and mints access tokens shaped like Keycloak's, RS256 by default; it publishes an ES256 (P-256) signing key
 * beside the RS256 one, as the realm does while it switches to ES256. Also revocations as Keycloak serves them to
 * orders-service, both ways: a client credentials token endpoint (HTTP Basic, client {@value #READER_CLIENT_ID}), the
 * SSF transmitter ({@link #ssf()}) and the deprecated feed {@code /partner-api/revocations}, which want one of those
 * tokens (401 without, 403 while {@link #setReaderRoleMissing the role is missing}); the feed answers with an
 * {@code ETag}, or {@code 304} for {@code If-None-Match} with the current one. Can be made unavailable to simulate
 * an outage (all of it), and counts JWKS fetches, token requests and feed requests.
 */
public final class FakeRealm implements AutoCloseable {

	public static final String AUDIENCE = "orders-service";

	/** The client orders-service reads revocations as (its default {@code orders.revocation.client-id}). */
	public static final String READER_CLIENT_ID = "orders-service";

	/** That client's secret: tests set {@code orders.revocation.client-secret} to it. */
	public static final String READER_CLIENT_SECRET = "test-only-revocation-reader-secret";

	private final HttpServer server;

	private final AtomicInteger fetches = new AtomicInteger();

	private volatile List<JWK> published = List.of();

	private volatile boolean available = true;

	private final RSAKey signingKey;

	private final ECKey ecSigningKey;

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private final AtomicInteger feedRequests = new AtomicInteger();

	private final AtomicInteger notModified = new AtomicInteger();

	/** Reader tokens issued and not revoked. */
	private final Set<String> readerTokens = ConcurrentHashMap.newKeySet();

	/** Every reader token ever issued, to check that none of them shows up where it must not. */
	private final List<String> issuedReaderTokens = new CopyOnWriteArrayList<>();

	private final List<String> feedAuthorizations = new CopyOnWriteArrayList<>();

	private final List<String> feedIfNoneMatch = new CopyOnWriteArrayList<>();

	private volatile long readerTokenLifetimeSeconds = 300;

	private volatile boolean readerRoleMissing;

	private volatile long realmNotBefore;

	private final Map<String, Long> clientNotBefore = new ConcurrentHashMap<>();

	private final FakeSsfTransmitter ssf;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "fake-realm");
		thread.setDaemon(true);
		return thread;
	});

	public FakeRealm() {
		this.signingKey = newKey("realm-key-1");
		this.ecSigningKey = newEcKey("realm-ec-key-1");
		this.published = List.of(this.signingKey, this.ecSigningKey);
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
				body = new JWKSet(new ArrayList<>(this.published.stream().map(JWK::toPublicJWK).toList()))
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
		this.server.createContext("/realms/partners/protocol/openid-connect/token", this::token);
		this.server.createContext("/realms/partners/partner-api/revocations", this::revocations);
		this.ssf = new FakeSsfTransmitter(this);
		this.ssf.serveOn(this.server, "/realms/partners");
		// Several threads: a poll of the SSF stream waits for events while other requests go on.
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	private void token(HttpExchange exchange) throws IOException {
		this.tokenRequests.incrementAndGet();
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		if (!this.available) {
			respond(exchange, 503, "down", null);
		}
		else if (!"POST".equals(exchange.getRequestMethod()) || !body.contains("grant_type=client_credentials")) {
			respond(exchange, 400, "{\"error\":\"unsupported_grant_type\"}", null);
		}
		else if (!(READER_CLIENT_ID + ":" + READER_CLIENT_SECRET).equals(basicCredentials(exchange))) {
			respond(exchange, 401, "{\"error\":\"unauthorized_client\",\"error_description\":"
					+ "\"Invalid client or Invalid client credentials\"}", null);
		}
		else {
			String token = "reader-token-" + UUID.randomUUID();
			this.readerTokens.add(token);
			this.issuedReaderTokens.add(token);
			respond(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":" + this.readerTokenLifetimeSeconds
					+ ",\"token_type\":\"Bearer\",\"not-before-policy\":0,\"scope\":\"profile\"}", null);
		}
	}

	/** {@code id:secret} of an HTTP Basic header, each part form-decoded as RFC 6749 section 2.3.1 wants. */
	private static String basicCredentials(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		if (header == null || !header.startsWith("Basic ")) {
			return null;
		}
		String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
		int colon = decoded.indexOf(':');
		return (colon < 0) ? null : URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8) + ":"
				+ URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
	}

	private void revocations(HttpExchange exchange) throws IOException {
		this.feedRequests.incrementAndGet();
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
		this.feedAuthorizations.add(String.valueOf(authorization));
		this.feedIfNoneMatch.add(String.valueOf(ifNoneMatch));
		if (refused(exchange)) {
			return;
		}
		String body = "{\"realm_not_before\":" + this.realmNotBefore + ",\"clients\":{"
				+ new TreeMap<>(this.clientNotBefore).entrySet()
					.stream()
					.map((entry) -> "\"" + entry.getKey() + "\":" + entry.getValue())
					.collect(Collectors.joining(","))
				+ "}}";
		String etag = "\"" + sha256(body) + "\"";
		if (etag.equals(ifNoneMatch)) {
			this.notModified.incrementAndGet();
			exchange.getResponseHeaders().set("ETag", etag);
			exchange.sendResponseHeaders(304, -1);
			exchange.close();
			return;
		}
		respond(exchange, 200, body, etag);
	}

	/**
	 * Answers a request to the feed or the transmitter that may not go on: 503 while unavailable, 401 without a valid
	 * reader token, 403 while the reader role is missing.
	 * @return whether it was refused (and answered)
	 */
	boolean refused(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (!this.available) {
			respond(exchange, 503, "down", null);
			return true;
		}
		if (authorization == null || !authorization.startsWith("Bearer ")
				|| !this.readerTokens.contains(authorization.substring(7))) {
			exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"partners\", error=\"invalid_token\"");
			respond(exchange, 401, "", null);
			return true;
		}
		if (this.readerRoleMissing) {
			respond(exchange, 403, "", null);
			return true;
		}
		return false;
	}

	static void respond(HttpExchange exchange, int status, String body, String etag) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		if (etag != null) {
			exchange.getResponseHeaders().set("ETag", etag);
		}
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String tokenUri() {
		return issuer() + "/protocol/openid-connect/token";
	}

	/**
	 * Revokes a client's tokens issued before {@code notBefore} (whole seconds), as a secret rotation does: in the
	 * feed, and as a {@code credential-change} SET queued in every SSF stream.
	 * @return the SET's jti
	 */
	public String revoke(String clientId, Instant notBefore) {
		this.clientNotBefore.put(clientId, notBefore.getEpochSecond());
		return this.ssf.credentialChange(clientId, notBefore);
	}

	/**
	 * Revokes every token of the realm issued before {@code notBefore}, as the realm's "not before" does: in the feed,
	 * and as a realm-wide {@code session-revoked} SET queued in every SSF stream.
	 * @return the SET's jti
	 */
	public String revokeRealm(Instant notBefore) {
		this.realmNotBefore = notBefore.getEpochSecond();
		return this.ssf.realmSessionsRevoked(notBefore);
	}

	/** The SSF transmitter of this realm. */
	public FakeSsfTransmitter ssf() {
		return this.ssf;
	}

	/** The clients' revocations in force: client id to not-before seconds. */
	Map<String, Long> clientRevocations() {
		return Map.copyOf(this.clientNotBefore);
	}

	/** The realm's not-before seconds, 0 for none. */
	long realmRevocation() {
		return this.realmNotBefore;
	}

	/** Makes every reader token issued so far invalid: the feed and the transmitter answer 401 to them. */
	public void revokeReaderTokens() {
		this.readerTokens.clear();
	}

	/** Whether the feed and the transmitter answer 403 (the client's service account lacks the reader role). */
	public void setReaderRoleMissing(boolean missing) {
		this.readerRoleMissing = missing;
	}

	public void setReaderTokenLifetime(Duration lifetime) {
		this.readerTokenLifetimeSeconds = lifetime.toSeconds();
	}

	public int tokenRequests() {
		return this.tokenRequests.get();
	}

	public int feedRequests() {
		return this.feedRequests.get();
	}

	/** How many feed requests were answered 304. */
	public int notModifiedResponses() {
		return this.notModified.get();
	}

	public List<String> issuedReaderTokens() {
		return List.copyOf(this.issuedReaderTokens);
	}

	/** The Authorization header of every feed request ("null" when there was none). */
	public List<String> feedAuthorizations() {
		return List.copyOf(this.feedAuthorizations);
	}

	/** The If-None-Match header of every feed request ("null" when there was none). */
	public List<String> feedIfNoneMatch() {
		return List.copyOf(this.feedIfNoneMatch);
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

	/** The realm's ES256 key (P-256), published beside {@link #signingKey()}. */
	public ECKey ecSigningKey() {
		return this.ecSigningKey;
	}

	/** The keys the JWKS serves from now on (their public parts), in this order. */
	public void publish(JWK... keys) {
		this.published = List.of(keys);
	}

	public void setAvailable(boolean available) {
		this.available = available;
		// A poll waiting for events learns at once, as when Keycloak goes away.
		this.ssf.wake();
	}

	boolean available() {
		return this.available;
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

	/** A P-256 signing key for ES256, as Keycloak's ecdsa-generated provider publishes it. */
	public static ECKey newEcKey(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
				.generate();
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

	/** Signed with the key's own algorithm (RS256 for an RSA key published without one). */
	public static String sign(JWTClaimsSet claims, JWK key) {
		JWSAlgorithm algorithm = (key.getAlgorithm() != null) ? JWSAlgorithm.parse(key.getAlgorithm().getName())
				: JWSAlgorithm.RS256;
		return sign(claims, key, algorithm);
	}

	/** Signed with this algorithm, which the key may not be published for: what a forger can do with a kid. */
	public static String sign(JWTClaimsSet claims, JWK key, JWSAlgorithm algorithm) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
			JWSSigner signer = (key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner(key.toRSAKey());
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.ssf.close();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
