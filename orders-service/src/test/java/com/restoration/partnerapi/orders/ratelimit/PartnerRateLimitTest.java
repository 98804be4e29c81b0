package com.restoration.partnerapi.orders.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.restoration.partnerapi.orders.support.FakeRealm;
import com.restoration.partnerapi.orders.support.Http;
import com.restoration.partnerapi.orders.support.Scrape;
import com.restoration.partnerapi.orders.support.ServiceProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each partner's request limit as a partner sees it over HTTP: the RateLimit headers on every orders response after
 * authentication, a 429 problem beyond the quota, nothing for a request without a valid token; and as an operator
 * sees it, a counter of refusals per client_id. A quota of 5 per 60 s, so that no window ends during a test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PartnerRateLimitTest {

	private static final FakeRealm realm = new FakeRealm();

	private static final Pattern RATE_LIMIT = Pattern.compile("\"partner\";r=(\\d+);t=(\\d+)");

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private Http http;

	private String partnerA;

	private String partnerB;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceProperties.register(registry, realm);
		registry.add("orders.rate-limit.requests", () -> 5);
		registry.add("orders.rate-limit.window", () -> "60s");
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
	void everyResponseSaysTheQuotaAndWhatIsLeftOfIt() {
		String token = realm.token(this.partnerA);

		for (int sent = 1; sent <= 5; sent++) {
			Http.Response response = this.http.get(orders(this.partnerA), token);

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("RateLimit-Policy")).isEqualTo("\"partner\";q=5;w=60");
			assertThat(remaining(response)).as("after %d requests", sent).isEqualTo(5 - sent);
			assertThat(reset(response)).isBetween(1L, 60L);
		}
	}

	@Test
	void beyondTheQuotaA429ProblemWithRetryAfter() {
		String token = realm.token(this.partnerA);
		for (int i = 0; i < 5; i++) {
			assertThat(this.http.get(orders(this.partnerA), token).status()).isEqualTo(200);
		}

		Http.Response refused = this.http.get(orders(this.partnerA), token);

		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(refused.json().get("status").asInt()).isEqualTo(429);
		assertThat(refused.json().get("title").asString()).isEqualTo("Too Many Requests");
		assertThat(refused.json().get("detail").asString())
			.isEqualTo("This client has used its 5 requests per 60 seconds; retry after the number of seconds in "
					+ "Retry-After.");
		assertThat(refused.json().get("instance").asString()).isEqualTo(orders(this.partnerA));
		long retryAfter = Long.parseLong(refused.header("Retry-After"));
		assertThat(retryAfter).isBetween(1L, 60L);
		assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"partner\";q=5;w=60");
		assertThat(remaining(refused)).isZero();
		assertThat(reset(refused)).isEqualTo(retryAfter);
		Http.Response write = this.http.post(orders(this.partnerA), token, null, "{\"project_id\": \"p\", \"quantity\": 1}");
		assertThat(write.status()).as("writes share the quota").isEqualTo(429);
	}

	@Test
	void onePartnersExhaustionLeavesAnotherPartnerAlone() {
		String tokenA = realm.token(this.partnerA);
		for (int i = 0; i < 6; i++) {
			this.http.get(orders(this.partnerA), tokenA);
		}
		assertThat(this.http.get(orders(this.partnerA), tokenA).status()).isEqualTo(429);

		Http.Response b = this.http.get(orders(this.partnerB), realm.token(this.partnerB));

		assertThat(b.status()).isEqualTo(200);
		assertThat(remaining(b)).isEqualTo(4);
	}

	@Test
	void aRequestWithoutAValidTokenGetsNoRateLimitHeadersAndCostsNothing() {
		String forged = FakeRealm.sign(realm.claims(this.partnerA).build(),
				FakeRealm.newKey(realm.signingKey().getKeyID()));
		String expired = realm.token(this.partnerA,
				(claims) -> claims.expirationTime(Date.from(Instant.now().minusSeconds(3600))));

		for (String token : new String[] { null, "not-a-jwt", forged, expired, forged, forged }) {
			Http.Response refused = this.http.get(orders(this.partnerA), token);

			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.header("RateLimit")).isNull();
			assertThat(refused.header("RateLimit-Policy")).isNull();
		}

		Http.Response first = this.http.get(orders(this.partnerA), realm.token(this.partnerA));
		assertThat(first.status()).isEqualTo(200);
		assertThat(remaining(first)).as("the 401s took none of the quota").isEqualTo(4);
	}

	@Test
	void anEncodedPathCountsLikeThePlainOne() {
		String token = realm.token(this.partnerA);

		Http.Response plain = this.http.get(orders(this.partnerA), token);
		Http.Response encoded = this.http.get("/%61ccounts/" + this.partnerA + "/orders", token);

		assertThat(remaining(plain)).isEqualTo(4);
		assertThat(encoded.header("RateLimit")).as("the limit sees /%%61ccounts/ too").isNotNull();
		assertThat(remaining(encoded)).isEqualTo(3);
	}

	@Test
	void problemsAfterAuthenticationCarryTheHeadersAndCount() {
		String token = realm.token(this.partnerA);

		Http.Response otherAccount = this.http.get(orders(this.partnerB), token);
		Http.Response unknownOrder = this.http.get(orders(this.partnerA) + "/" + UUID.randomUUID(), token);
		Http.Response badInput = this.http.get(orders(this.partnerA) + "?limit=0", token);

		assertThat(otherAccount.status()).isEqualTo(403);
		assertThat(remaining(otherAccount)).isEqualTo(4);
		assertThat(unknownOrder.status()).isEqualTo(404);
		assertThat(remaining(unknownOrder)).isEqualTo(3);
		assertThat(badInput.status()).isEqualTo(400);
		assertThat(remaining(badInput)).isEqualTo(2);
		assertThat(badInput.header("RateLimit-Policy")).isEqualTo("\"partner\";q=5;w=60");
		assertThat(remaining(this.http.get(orders(this.partnerB), realm.token(this.partnerB))))
			.as("partner B's quota: A's token on B's path is A's request").isEqualTo(4);
	}

	@Test
	void refusalsAreCountedPerClientIdForPrometheus() {
		String token = realm.token(this.partnerA);
		for (int i = 0; i < 8; i++) {
			this.http.get(orders(this.partnerA), token);
		}
		this.http.get(orders(this.partnerB), realm.token(this.partnerB));

		Scrape metrics = new Scrape(new Http("http://127.0.0.1:" + this.managementPort)
			.get("/actuator/prometheus", null)
			.body());

		assertThat(metrics.value("orders_rate_limited_requests_total", "client_id=\"" + this.partnerA + "\""))
			.hasValue(3);
		assertThat(metrics.value("orders_rate_limited_requests_total", "client_id=\"" + this.partnerB + "\""))
			.hasValue(0);
	}

	private static long remaining(Http.Response response) {
		return Long.parseLong(rateLimit(response).group(1));
	}

	private static long reset(Http.Response response) {
		return Long.parseLong(rateLimit(response).group(2));
	}

	private static Matcher rateLimit(Http.Response response) {
		String header = response.header("RateLimit");
		assertThat(header).as("RateLimit of a %d", response.status()).isNotNull();
		Matcher matcher = RATE_LIMIT.matcher(header);
		assertThat(matcher.matches()).as("RateLimit: %s", header).isTrue();
		return matcher;
	}

	private static String orders(String clientId) {
		return "/accounts/" + clientId + "/orders";
	}

}
