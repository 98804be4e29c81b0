package com.restoration.partnerapi.orders.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SSF transmitter of a {@link FakeRealm}, following decision 15: discovery at
 * {@code {issuer}/.well-known/ssf-configuration}; the receiver's streams at {@code .../partner-api/ssf/streams}
 * ({@code GET} all of them as an array, {@code POST} creates one, which starts with a {@code session-revoked} per
 * revocation in force); poll delivery (RFC 8936) at {@code .../partner-api/ssf/poll/{stream_id}}: the acknowledged and
 * reported SETs deleted first, then up to {@code maxEvents} of the others, oldest first, or with nothing queued a
 * wait of up to {@value #POLL_WAIT_SECONDS} s for one. SETs are signed with the realm's RS256 key, {@code typ}
 * {@code secevent+jwt}, {@code aud} the reader client. Wants the realm's reader tokens as the feed does; records every
 * poll.
 */
public final class FakeSsfTransmitter {

	public static final String CREDENTIAL_CHANGE = "https://schemas.openid.net/secevent/caep/event-type/credential-change";

	public static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

	public static final String VERIFICATION = "https://schemas.openid.net/secevent/ssf/event-type/verification";

	public static final JOSEObjectType SET_TYPE = new JOSEObjectType("secevent+jwt");

	static final int POLL_WAIT_SECONDS = 20;

	private static final JsonMapper json = JsonMapper.shared();

	private final FakeRealm realm;

	/** Guarded by {@code this}, as are the streams' queues. */
	private final Map<String, Stream> streams = new LinkedHashMap<>();

	private final List<Poll> polls = new CopyOnWriteArrayList<>();

	private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();

	private final AtomicInteger streamsCreated = new AtomicInteger();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private boolean closed;

	/** A stream and its queue: jti to SET, oldest first. */
	private record Stream(String id, String description, Map<String, String> queue) {
	}

	/**
	 * One poll request as it came.
	 * @param streamId the stream polled
	 * @param status   {@code 200} if it was taken (answered at once or after waiting), else what it was answered
	 * @param ack      its {@code ack}
	 * @param setErrs  its {@code setErrs}: jti to {@code err}
	 */
	public record Poll(String streamId, int status, List<String> ack, Map<String, String> setErrs) {
	}

	FakeSsfTransmitter(FakeRealm realm) {
		this.realm = realm;
	}

	void serveOn(HttpServer server, String realmPath) {
		server.createContext(realmPath + "/.well-known/ssf-configuration", this::discovery);
		server.createContext(realmPath + "/partner-api/ssf/streams", this::streams);
		server.createContext(realmPath + "/partner-api/ssf/poll/", this::poll);
	}

	/** Queues a credential-change of the client in every stream. */
	String credentialChange(String clientId, Instant notBefore) {
		return queue(signed(set(CREDENTIAL_CHANGE, client(clientId), notBefore)
			.claim("events", Map.of(CREDENTIAL_CHANGE, Map.of("credential_type", "client_secret", "change_type",
					"update", "event_timestamp", notBefore.getEpochSecond())))
			.build()));
	}

	/** Queues a realm-wide session-revoked in every stream. */
	String realmSessionsRevoked(Instant notBefore) {
		return queue(signed(set(SESSION_REVOKED, tenant(), notBefore).build()));
	}

	/** Queues a verification event in every stream. */
	public String verification(String state) {
		JWTClaimsSet.Builder claims = set(VERIFICATION, Map.of("format", "opaque", "id", "any"), Instant.now());
		return queue(signed(claims.claim("events", Map.of(VERIFICATION, Map.of("state", state))).build()));
	}

	/**
	 * The claims of a valid SET with one event of this type, for this subject, with this {@code event_timestamp}:
	 * tests change them, sign them ({@link #sign}) and {@link #queue} them.
	 */
	public JWTClaimsSet.Builder set(String eventType, Map<String, Object> subId, Instant eventTimestamp) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(this.realm.issuer())
			.audience(FakeRealm.READER_CLIENT_ID)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.claim("sub_id", subId)
			.claim("events", Map.of(eventType, Map.of("event_timestamp", eventTimestamp.getEpochSecond())));
	}

	/** {@code sub_id} of a client. */
	public static Map<String, Object> client(String clientId) {
		return Map.of("format", "opaque", "id", clientId);
	}

	/** {@code sub_id} of the whole realm. */
	public static Map<String, Object> tenant() {
		return Map.of("format", "complex", "tenant", Map.of("format", "opaque", "id", "partners"));
	}

	/** Signed as the transmitter signs: the realm's RS256 key, {@code typ} {@code secevent+jwt}. */
	public String signed(JWTClaimsSet claims) {
		return sign(claims, this.realm.signingKey(), SET_TYPE);
	}

	public static String sign(JWTClaimsSet claims, RSAKey key, JOSEObjectType type) {
		try {
			SignedJWT set = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
				.type(type)
				.build(), claims);
			set.sign(new RSASSASigner(key));
			return set.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Queues a SET in every stream, under its jti.
	 * @return the jti
	 */
	public String queue(String set) {
		String jti;
		try {
			jti = SignedJWT.parse(set).getJWTClaimsSet().getJWTID();
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException(ex);
		}
		return queue(jti, set);
	}

	/** Queues anything in every stream, under this jti. */
	public synchronized String queue(String jti, String set) {
		this.streams.values().forEach((stream) -> stream.queue().put(jti, set));
		notifyAll();
		return jti;
	}

	/** Creates a stream, as a run of orders-service before this one did. */
	public synchronized String createStream(String description) {
		Stream stream = new Stream(UUID.randomUUID().toString(), description, new LinkedHashMap<>());
		this.streams.put(stream.id(), stream);
		List<JWTClaimsSet> inForce = new ArrayList<>();
		this.realm.clientRevocations()
			.forEach((clientId, seconds) -> inForce
				.add(set(SESSION_REVOKED, client(clientId), Instant.ofEpochSecond(seconds)).build()));
		if (this.realm.realmRevocation() > 0) {
			inForce.add(set(SESSION_REVOKED, tenant(), Instant.ofEpochSecond(this.realm.realmRevocation())).build());
		}
		inForce.forEach((claims) -> stream.queue().put(claims.getJWTID(), signed(claims)));
		return stream.id();
	}

	/** Deletes every stream: a poll of one is a 404. */
	public synchronized void deleteStreams() {
		this.streams.clear();
		notifyAll();
	}

	public synchronized List<String> streamIds() {
		return List.copyOf(this.streams.keySet());
	}

	public synchronized List<String> descriptions() {
		return this.streams.values().stream().map(Stream::description).toList();
	}

	/** How many streams receivers created ({@code POST}s answered 201). */
	public int streamsCreated() {
		return this.streamsCreated.get();
	}

	public List<Poll> polls() {
		return List.copyOf(this.polls);
	}

	/** Every jti acknowledged so far, in a poll that was taken (not refused). */
	public Set<String> acknowledged() {
		Set<String> acknowledged = new LinkedHashSet<>();
		this.polls.stream().filter((poll) -> poll.status() == 200).forEach((poll) -> acknowledged.addAll(poll.ack()));
		return acknowledged;
	}

	/** Every SET reported so far, in a poll that was taken: jti to {@code err}. */
	public Map<String, String> reported() {
		Map<String, String> reported = new LinkedHashMap<>();
		this.polls.stream().filter((poll) -> poll.status() == 200).forEach((poll) -> reported.putAll(poll.setErrs()));
		return reported;
	}

	/** How many times the SET of this jti was delivered. */
	public int deliveries(String jti) {
		return this.deliveries.getOrDefault(jti, 0);
	}

	/** The Authorization header of every request to the streams and the polls ("null" when there was none). */
	public List<String> authorizations() {
		return List.copyOf(this.authorizations);
	}

	synchronized void wake() {
		notifyAll();
	}

	synchronized void close() {
		this.closed = true;
		notifyAll();
	}

	private void discovery(HttpExchange exchange) throws IOException {
		if (!this.realm.available()) {
			FakeRealm.respond(exchange, 503, "down", null);
			return;
		}
		String issuer = this.realm.issuer();
		Map<String, Object> configuration = new LinkedHashMap<>();
		configuration.put("spec_version", "1_0");
		configuration.put("issuer", issuer);
		configuration.put("jwks_uri", this.realm.jwkSetUri());
		configuration.put("delivery_methods_supported", List.of("urn:ietf:rfc:8936"));
		configuration.put("configuration_endpoint", issuer + "/partner-api/ssf/streams");
		configuration.put("status_endpoint", issuer + "/partner-api/ssf/status");
		configuration.put("verification_endpoint", issuer + "/partner-api/ssf/verify");
		configuration.put("authorization_schemes", List.of(Map.of("spec_urn", "urn:ietf:rfc:6749")));
		FakeRealm.respond(exchange, 200, json.writeValueAsString(configuration), null);
	}

	private void streams(HttpExchange exchange) throws IOException {
		this.authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		if (this.realm.refused(exchange)) {
			return;
		}
		if ("GET".equals(exchange.getRequestMethod())) {
			List<Map<String, Object>> all;
			synchronized (this) {
				all = this.streams.values().stream().map(this::configuration).toList();
			}
			FakeRealm.respond(exchange, 200, json.writeValueAsString(all), null);
		}
		else if ("POST".equals(exchange.getRequestMethod())) {
			JsonNode request = json.readTree(body);
			if (!"urn:ietf:rfc:8936".equals(request.at("/delivery/method").asString(null))) {
				FakeRealm.respond(exchange, 400, "{\"error\":\"invalid_request\"}", null);
				return;
			}
			String id = createStream(request.path("description").asString(null));
			this.streamsCreated.incrementAndGet();
			Map<String, Object> created;
			synchronized (this) {
				created = configuration(this.streams.get(id));
			}
			FakeRealm.respond(exchange, 201, json.writeValueAsString(created), null);
		}
		else {
			FakeRealm.respond(exchange, 405, "", null);
		}
	}

	private Map<String, Object> configuration(Stream stream) {
		Map<String, Object> configuration = new LinkedHashMap<>();
		configuration.put("stream_id", stream.id());
		configuration.put("iss", this.realm.issuer());
		configuration.put("aud", FakeRealm.READER_CLIENT_ID);
		configuration.put("delivery", Map.of("method", "urn:ietf:rfc:8936", "endpoint_url",
				this.realm.issuer() + "/partner-api/ssf/poll/" + stream.id()));
		configuration.put("events_supported", List.of(CREDENTIAL_CHANGE, SESSION_REVOKED, VERIFICATION));
		configuration.put("events_delivered", List.of(CREDENTIAL_CHANGE, SESSION_REVOKED, VERIFICATION));
		if (stream.description() != null) {
			configuration.put("description", stream.description());
		}
		return configuration;
	}

	private void poll(HttpExchange exchange) throws IOException {
		this.authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String path = exchange.getRequestURI().getPath();
		String streamId = path.substring(path.lastIndexOf('/') + 1);
		if (!"POST".equals(exchange.getRequestMethod())) {
			FakeRealm.respond(exchange, 405, "", null);
			return;
		}
		JsonNode request = json.readTree(body);
		List<String> ack = new ArrayList<>();
		request.path("ack").values().forEach((jti) -> ack.add(jti.asString()));
		Map<String, String> setErrs = new LinkedHashMap<>();
		request.path("setErrs").properties().forEach((error) -> setErrs.put(error.getKey(),
				error.getValue().path("err").asString(null)));
		if (this.realm.refused(exchange)) {
			this.polls.add(new Poll(streamId, exchange.getResponseCode(), ack, setErrs));
			return;
		}
		int maxEvents = request.path("maxEvents").asInt(100);
		boolean returnImmediately = request.path("returnImmediately").asBoolean(false);
		Map<String, String> sets = new LinkedHashMap<>();
		boolean moreAvailable;
		synchronized (this) {
			Stream stream = this.streams.get(streamId);
			if (stream == null) {
				this.polls.add(new Poll(streamId, 404, ack, setErrs));
				FakeRealm.respond(exchange, 404, "", null);
				return;
			}
			this.polls.add(new Poll(streamId, 200, ack, setErrs));
			ack.forEach(stream.queue()::remove);
			setErrs.keySet().forEach(stream.queue()::remove);
			long deadline = System.nanoTime() + Duration.ofSeconds(POLL_WAIT_SECONDS).toNanos();
			while (stream.queue().isEmpty() && !returnImmediately && !this.closed && this.realm.available()
					&& this.streams.containsKey(streamId) && System.nanoTime() < deadline) {
				try {
					wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			stream.queue().entrySet().stream().limit(maxEvents).forEach((set) -> sets.put(set.getKey(), set.getValue()));
			moreAvailable = stream.queue().size() > sets.size();
		}
		if (this.closed || !this.realm.available()) {
			FakeRealm.respond(exchange, 503, "down", null);
			return;
		}
		sets.keySet().forEach((jti) -> this.deliveries.merge(jti, 1, Integer::sum));
		FakeRealm.respond(exchange, 200, json.writeValueAsString(Map.of("sets", sets, "moreAvailable", moreAvailable)),
				null);
	}

}
