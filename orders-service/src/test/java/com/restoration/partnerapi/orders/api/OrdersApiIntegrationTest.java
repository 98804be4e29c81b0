package com.restoration.partnerapi.orders.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.restoration.partnerapi.orders.support.FakeRealm;
import com.restoration.partnerapi.orders.support.ServiceProperties;
import com.restoration.partnerapi.orders.support.Http;
import com.restoration.partnerapi.orders.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service over HTTP, against a real PostgreSQL (TestDatabase) and a local stand-in of the realm: what a
 * partner sees, and what ends up in the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrdersApiIntegrationTest {

	private static final FakeRealm realm = new FakeRealm();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	private Http http;

	private String partnerA;

	private String partnerB;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceProperties.register(registry, realm);
		// Some tests here send far more than a partner may (the paging test inserts as fast as it can); the limit
		// itself is PartnerRateLimitTest's.
		registry.add("orders.rate-limit.requests", () -> 1_000_000);
	}

	@AfterAll
	static void stopRealm() {
		realm.close();
	}

	@BeforeEach
	void freshPartners() {
		this.http = new Http("http://127.0.0.1:" + this.port);
		this.partnerA = "partner-a-" + UUID.randomUUID();
		this.partnerB = "partner-b-" + UUID.randomUUID();
	}

	@Test
	void aCredentialChangeOnTheStreamRefusesOlderTokensAndIsAcknowledgedOnceStored() throws Exception {
		String token = realm.token(this.partnerA, (claims) -> claims.issueTime(Date.from(Instant.now().minusSeconds(60))));
		assertThat(this.http.get(orders(this.partnerA), token).status()).isEqualTo(200);
		Instant notBefore = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
		Instant deadline = Instant.now().plusSeconds(15);
		while (realm.ssf().streamIds().isEmpty() && Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
		}

		String jti = realm.revoke(this.partnerA, notBefore);

		assertThat(statusOnceRefusedOrAfter15Seconds(token)).isEqualTo(401);
		assertThat(this.http.get(orders(this.partnerA), realm.token(this.partnerA)).status()).as("a new token").isEqualTo(200);
		while (!realm.ssf().acknowledged().contains(jti) && Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
		}
		assertThat(realm.ssf().acknowledged()).contains(jti);
		assertThat(storedRevocation("client:" + this.partnerA)).isEqualTo(notBefore);
		assertThat(realm.ssf().descriptions()).singleElement().asString().startsWith("orders-service@");
		assertThat(realm.ssf().authorizations()).allSatisfy((header) -> assertThat(header).startsWith("Bearer reader-token-"));
	}

	@Test
	void moreRevocationsThanOnePollTakesAreAllApplied() throws Exception {
		String token = realm.token(this.partnerA, (claims) -> claims.issueTime(Date.from(Instant.now().minusSeconds(60))));
		// 250 SETs, about 250 kB: polls of 100 at a time, each larger than the request body limit, which is for
		// requests, not for what the service reads from the realm.
		for (int i = 0; i < 250; i++) {
			realm.revoke("padding-" + UUID.randomUUID(), Instant.now().minusSeconds(3600));
		}
		realm.revoke(this.partnerA, Instant.now().minusSeconds(30));

		assertThat(statusOnceRefusedOrAfter15Seconds(token)).isEqualTo(401);
	}

	@Test
	void theRevocationClientAddsNoOAuth2ClientBeansLoginOrEndpoints() {
		assertThat(this.context.getBeanNamesForType(ClientRegistrationRepository.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(OAuth2AuthorizedClientService.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(OAuth2AuthorizedClientManager.class)).isEmpty();
		assertThat(this.context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("securityFilterChain");
		for (String path : List.of("/login", "/oauth2/authorization/revocations", "/login/oauth2/code/revocations")) {
			assertThat(this.http.get(path, null).status()).as(path).isEqualTo(401);
		}
	}

	/** Only JSON bodies are read, by the mapper that stops at the body limit: nothing reads forms or multipart. */
	@Test
	void noFormOrMultipartBodyIsEverRead() {
		assertThat(this.context.getBeanNamesForType(FormContentFilter.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(MultipartResolver.class)).isEmpty();
		String token = realm.token(this.partnerA);
		Http.Response multipart = this.http.send(HttpRequest.newBuilder(
				URI.create("http://127.0.0.1:" + this.port + orders(this.partnerA)))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "multipart/form-data; boundary=x")
			.POST(HttpRequest.BodyPublishers.ofString("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
					+ "b".repeat(100_000) + "\r\n--x--\r\n")));
		assertThat(multipart.status()).isEqualTo(415);
	}

	@Test
	void aNulCharacterIsA400AndNothingIsStored() {
		String token = realm.token(this.partnerA);

		Http.Response nulInProject = this.http.post(orders(this.partnerA), token, "nul-1",
				"{\"project_id\": \"reforest\\u0000\", \"quantity\": 1}");
		Http.Response nulInReference = this.http.post(orders(this.partnerA), token, "nul-2",
				"{\"project_id\": \"reforest\", \"quantity\": 1, \"reference\": \"\\u0000\"}");

		assertThat(nulInProject.status()).as(nulInProject.body()).isEqualTo(400);
		assertThat(nulInProject.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(nulInProject.json().at("/errors/0/field").asString()).isEqualTo("project_id");
		assertThat(nulInReference.status()).as(nulInReference.body()).isEqualTo(400);
		assertThat(nulInReference.json().at("/errors/0/field").asString()).isEqualTo("reference");
		assertThat(this.http.get(orders(this.partnerA), token).json().get("orders")).isEmpty();
	}

	@Test
	void partnerReadsOwnOrdersAndGets403OnAnotherPartnersPath() {
		String tokenA = realm.token(this.partnerA);
		JsonNode created = create(this.partnerA, null, "reforest-1", 2).json();

		Http.Response own = this.http.get(orders(this.partnerA), tokenA);
		Http.Response other = this.http.get(orders(this.partnerB), tokenA);

		assertThat(own.status()).isEqualTo(200);
		assertThat(own.json().get("orders")).hasSize(1);
		assertThat(own.json().at("/orders/0/id").asString()).isEqualTo(created.get("id").asString());
		assertThat(own.json().get("next_cursor").isNull()).isTrue();
		assertThat(other.status()).isEqualTo(403);
		assertThat(other.header("WWW-Authenticate")).startsWith("Bearer error=\"insufficient_scope\"");
		assertThat(other.json().has("orders")).isFalse();
	}

	@Test
	void createdOrderHasLocationAndAllFields() {
		Http.Response response = this.http.post(orders(this.partnerA), realm.token(this.partnerA), null,
				"{\"project_id\": \"reforest-7\", \"quantity\": 12, \"reference\": \"PO-77\"}");

		assertThat(response.status()).isEqualTo(201);
		JsonNode order = response.json();
		assertThat(response.header("Location")).isEqualTo(orders(this.partnerA) + "/" + order.get("id").asString());
		assertThat(order.get("client_id").asString()).isEqualTo(this.partnerA);
		assertThat(order.get("project_id").asString()).isEqualTo("reforest-7");
		assertThat(order.get("quantity").asInt()).isEqualTo(12);
		assertThat(order.get("reference").asString()).isEqualTo("PO-77");
		assertThat(order.get("status").asString()).isEqualTo("received");
		assertThat(Instant.parse(order.get("created_at").asString())).isCloseTo(Instant.now(),
				org.assertj.core.api.Assertions.within(Duration.ofMinutes(1)));
		assertThat(this.http.get(response.header("Location"), realm.token(this.partnerA)).json())
			.isEqualTo(order);
	}

	/**
	 * The decoder sits in the running service's filter chain: a forged token gets the 401 problem and no data. Each
	 * kind of forgery is PartnerTokenDecoderTest's; the 401's shape for every unusable token, OrdersAuthorizationTest's.
	 */
	@Test
	void aForgedTokenGets401AndNoData() {
		create(this.partnerA, null, "reforest-1", 1);
		String forged = FakeRealm.sign(realm.claims(this.partnerA).build(), FakeRealm.newKey(realm.signingKey().getKeyID()));

		Http.Response response = this.http.get(orders(this.partnerA), forged);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.body()).doesNotContain("reforest");
		assertThat(this.http.get(orders(this.partnerA), realm.token(this.partnerA)).status()).isEqualTo(200);
	}

	@Test
	void tokenWithoutAudienceOrScopeNeverGetsData() {
		create(this.partnerA, null, "reforest-1", 1);
		String noAudience = realm.token(this.partnerA, (claims) -> claims.audience("account"));
		String readOnly = realm.token(this.partnerA, (claims) -> claims.claim("scope", "orders:read"));
		String writeOnly = realm.token(this.partnerA, (claims) -> claims.claim("scope", "orders:write"));

		assertThat(this.http.get(orders(this.partnerA), noAudience).status()).isEqualTo(401);
		assertThat(this.http.get(orders(this.partnerA), writeOnly).status()).isEqualTo(403);
		assertThat(this.http.post(orders(this.partnerA), readOnly, null, "{\"project_id\": \"p\", \"quantity\": 1}")
			.status()).isEqualTo(403);
		assertThat(this.http.get(orders(this.partnerA), readOnly).json().get("orders")).hasSize(1);
		assertThat(countOrders(this.partnerA)).isEqualTo(1);
	}

	@Test
	void twentyConcurrentPostsWithOneIdempotencyKeyCreateExactlyOneOrder() throws Exception {
		String token = realm.token(this.partnerA);
		String body = "{\"project_id\": \"reforest-9\", \"quantity\": 5, \"reference\": \"retry-me\"}";
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(20);
		List<Future<Http.Response>> responses = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			responses.add(pool.submit(() -> {
				start.await();
				return this.http.post(orders(this.partnerA), token, "key-1", body);
			}));
		}
		start.countDown();
		Set<String> ids = new HashSet<>();
		for (Future<Http.Response> response : responses) {
			assertThat(response.get().status()).as(response.get().body()).isEqualTo(201);
			ids.add(response.get().json().get("id").asString());
		}
		pool.shutdown();

		assertThat(ids).hasSize(1);
		assertThat(countOrders(this.partnerA)).isEqualTo(1);
		assertThat(responses.stream().filter((r) -> "false".equals(uncheckedGet(r).header("Idempotent-Replayed"))))
			.hasSize(1);

		Http.Response reused = this.http.post(orders(this.partnerA), token, "key-1",
				"{\"project_id\": \"reforest-9\", \"quantity\": 6, \"reference\": \"retry-me\"}");
		assertThat(reused.status()).isEqualTo(422);
		assertThat(reused.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(countOrders(this.partnerA)).isEqualTo(1);
	}

	@Test
	void idempotencyKeysBelongToOnePartner() {
		String body = "{\"project_id\": \"reforest-9\", \"quantity\": 5}";

		Http.Response a = this.http.post(orders(this.partnerA), realm.token(this.partnerA), "shared-key", body);
		Http.Response b = this.http.post(orders(this.partnerB), realm.token(this.partnerB), "shared-key", body);

		assertThat(a.status()).isEqualTo(201);
		assertThat(b.status()).isEqualTo(201);
		assertThat(b.json().get("id")).isNotEqualTo(a.json().get("id"));
		assertThat(b.json().get("client_id").asString()).isEqualTo(this.partnerB);
	}

	@Test
	void pagingWalksEveryOrderExactlyOnceWhileOrdersAreInserted() throws Exception {
		String token = realm.token(this.partnerA);
		Set<String> existing = new HashSet<>();
		for (int i = 0; i < 45; i++) {
			existing.add(create(this.partnerA, null, "reforest-" + i, 1).json().get("id").asString());
		}
		AtomicBoolean walking = new AtomicBoolean(true);
		AtomicInteger insertedMeanwhile = new AtomicInteger();
		Thread inserter = new Thread(() -> {
			while (walking.get()) {
				create(this.partnerA, null, "late", 1);
				insertedMeanwhile.incrementAndGet();
			}
		});
		inserter.start();

		List<String> walked = new ArrayList<>();
		List<JsonNode> walkedOrders = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Http.Response page = this.http.get(orders(this.partnerA) + "?limit=7" + ((cursor != null) ? "&cursor=" + cursor : ""), token);
			assertThat(page.status()).as(page.body()).isEqualTo(200);
			assertThat(page.json().get("orders").size()).isLessThanOrEqualTo(7);
			page.json().get("orders").forEach((order) -> {
				walked.add(order.get("id").asString());
				walkedOrders.add(order);
			});
			cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asString();
			pages++;
			Thread.sleep(20);
		}
		while (cursor != null);
		walking.set(false);
		inserter.join();

		assertThat(insertedMeanwhile.get()).isPositive();
		assertThat(walked).doesNotHaveDuplicates();
		assertThat(walked).containsAll(existing);
		assertThat(pages).isGreaterThanOrEqualTo(7);
		for (int i = 1; i < walkedOrders.size(); i++) {
			Instant newer = Instant.parse(walkedOrders.get(i - 1).get("created_at").asString());
			Instant older = Instant.parse(walkedOrders.get(i).get("created_at").asString());
			assertThat(older).isBeforeOrEqualTo(newer);
		}
	}

	@Test
	void statusFilterReturnsOnlyOrdersInThatStatus() throws Exception {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(create(this.partnerA, null, "reforest-" + i, 1).json().get("id").asString());
		}
		try (Connection db = TestDatabase.connect();
				PreparedStatement update = db.prepareStatement("UPDATE orders SET status = 'completed' WHERE id = ANY (?)")) {
			update.setArray(1, db.createArrayOf("uuid", new Object[] { UUID.fromString(ids.get(1)), UUID.fromString(ids.get(3)) }));
			update.executeUpdate();
		}
		String token = realm.token(this.partnerA);

		JsonNode completed = this.http.get(orders(this.partnerA) + "?status=completed", token).json().get("orders");
		JsonNode received = this.http.get(orders(this.partnerA) + "?status=received", token).json().get("orders");

		assertThat(completed.findValuesAsString("id")).containsExactly(ids.get(3), ids.get(1));
		assertThat(received.findValuesAsString("id")).containsExactly(ids.get(4), ids.get(2), ids.get(0));
		assertThat(completed.findValuesAsString("status")).containsOnly("completed");
	}

	@Test
	void anotherPartnersOrderIdIsNotFoundOnOwnAccount() {
		String orderOfB = create(this.partnerB, null, "reforest-b", 1).json().get("id").asString();

		Http.Response viaOwnAccount = this.http.get(orders(this.partnerA) + "/" + orderOfB, realm.token(this.partnerA));
		Http.Response unknown = this.http.get(orders(this.partnerA) + "/" + UUID.randomUUID(), realm.token(this.partnerA));

		assertThat(viaOwnAccount.status()).isEqualTo(404);
		assertThat(viaOwnAccount.body()).doesNotContain("reforest-b");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(this.http.get(orders(this.partnerB) + "/" + orderOfB, realm.token(this.partnerB)).status())
			.isEqualTo(200);
	}

	@Test
	void refusesChunkedHugeBodyWith413() {
		byte[] huge = ("{\"project_id\": \"p\", \"quantity\": 1, \"reference\": \"" + "x".repeat(100_000) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + orders(this.partnerA)))
			.header("Authorization", "Bearer " + realm.token(this.partnerA))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)));

		Http.Response response = this.http.send(request);

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(countOrders(this.partnerA)).isZero();
	}

	@Test
	void aQueryStringThatCannotBeDecodedIsA400() throws Exception {
		// java.net.http will not send a malformed %-escape; a hand-built URL can. Tomcat fails to decode it.
		String response = rawGet(orders(this.partnerA) + "?limit=%zz", realm.token(this.partnerA));

		assertThat(response).startsWith("HTTP/1.1 400 ")
			.contains("Content-Type: application/problem+json")
			.contains("\"detail\":\"The query string is not valid: a '%' must start an escape of two hexadecimal digits");
	}

	/** Actuator is on the management port (ManagementPortTest). */
	@Test
	void exposesApiDocsWithoutTokenButNoActuator() {
		assertThat(this.http.get("/actuator/health/readiness", null).status()).isEqualTo(401);
		assertThat(this.http.get("/actuator/health", null).status()).isEqualTo(401);
		assertThat(this.http.get("/actuator/env", null).status()).isEqualTo(401);
		assertThat(this.http.get("/actuator/env", realm.token(this.partnerA)).status()).isEqualTo(403);

		JsonNode api = this.http.get("/v3/api-docs", null).json();
		assertThat(api.at("/paths").propertyNames()).containsExactlyInAnyOrder("/accounts/{clientId}/orders",
				"/accounts/{clientId}/orders/{orderId}");
		assertThat(api.at("/components/schemas/Order/properties").propertyNames()).contains("client_id", "project_id",
				"created_at");
		assertThat(api.at("/components/schemas/OrderList/properties").propertyNames()).contains("next_cursor");
	}

	/** The token's status on partner A's orders as soon as it is no longer a 200, or after 15 s. */
	private int statusOnceRefusedOrAfter15Seconds(String token) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(15);
		int status;
		do {
			Thread.sleep(200);
			status = this.http.get(orders(this.partnerA), token).status();
		}
		while (status == 200 && Instant.now().isBefore(deadline));
		return status;
	}

	private Http.Response create(String clientId, String idempotencyKey, String projectId, int quantity) {
		Http.Response response = this.http.post(orders(clientId), realm.token(clientId), idempotencyKey,
				"{\"project_id\": \"" + projectId + "\", \"quantity\": " + quantity + "}");
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response;
	}

	/** The whole response, as text, to a GET sent byte for byte as given. */
	private String rawGet(String target, String token) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
					+ token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static String orders(String clientId) {
		return "/accounts/" + clientId + "/orders";
	}

	/** The not-before time token_revocations holds for this scope, or {@code null}. */
	private static Instant storedRevocation(String scope) throws SQLException {
		try (Connection db = TestDatabase.connect();
				PreparedStatement select = db.prepareStatement("SELECT not_before FROM token_revocations WHERE scope = ?")) {
			select.setString(1, scope);
			try (ResultSet row = select.executeQuery()) {
				return row.next() ? row.getTimestamp(1).toInstant() : null;
			}
		}
	}

	private static long countOrders(String clientId) {
		try (Connection db = TestDatabase.connect();
				PreparedStatement count = db.prepareStatement("SELECT count(*) FROM orders WHERE client_id = ?")) {
			count.setString(1, clientId);
			try (ResultSet rows = count.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Http.Response uncheckedGet(Future<Http.Response> future) {
		try {
			return future.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
