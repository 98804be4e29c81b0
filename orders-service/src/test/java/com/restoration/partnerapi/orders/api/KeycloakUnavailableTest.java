package com.restoration.partnerapi.orders.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.restoration.partnerapi.orders.support.FakeRealm;
import com.restoration.partnerapi.orders.support.ServiceProperties;
import com.restoration.partnerapi.orders.support.Http;
import com.restoration.partnerapi.orders.support.Scrape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Started while Keycloak is down: ready anyway, 503 for tokens until the keys can be fetched; the failed and the
 * successful fetches are counted. The revocation stream is found or created once Keycloak is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeycloakUnavailableTest {

	private static final FakeRealm realm = unavailableRealm();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceProperties.register(registry, realm);
	}

	@AfterAll
	static void stopRealm() {
		realm.close();
	}

	@Test
	void isReadyWithoutKeycloakAndServesAndFollowsRevocationsOnceItIsBack() throws Exception {
		Http http = new Http("http://127.0.0.1:" + this.port);
		Http management = new Http("http://127.0.0.1:" + this.managementPort);
		String partner = "partner-" + UUID.randomUUID();
		String orders = "/accounts/" + partner + "/orders";

		assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200);
		Http.Response withoutKeys = http.get(orders, realm.token(partner));
		assertThat(withoutKeys.status()).as(withoutKeys.body()).isEqualTo(503);
		assertThat(withoutKeys.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(withoutKeys.header("Retry-After")).isEqualTo("5");
		assertThat(withoutKeys.json().get("detail").asString()).endsWith("(the signing keys are unavailable); retry shortly.");
		assertThat(http.get(orders, "not-a-jwt").status()).isEqualTo(401);
		Scrape down = new Scrape(management.get("/actuator/prometheus", null).body());
		assertThat(down.count("orders_jwks_refreshes_total", "outcome=\"failure\"")).isPositive();
		assertThat(down.count("orders_jwks_refreshes_total", "outcome=\"success\"")).isZero();

		assertThat(realm.ssf().streamIds()).isEmpty();

		realm.setAvailable(true);

		assertThat(http.get(orders, realm.token(partner)).status()).isEqualTo(200);
		Scrape up = new Scrape(management.get("/actuator/prometheus", null).body());
		assertThat(up.count("orders_jwks_refreshes_total", "outcome=\"success\"")).isPositive();
		String revoked = realm.token(partner, (claims) -> claims.issueTime(Date.from(Instant.now().minusSeconds(60))));
		realm.revoke(partner, Instant.now().minusSeconds(30));
		Instant deadline = Instant.now().plusSeconds(15);
		while (http.get(orders, revoked).status() == 200 && Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
		}
		assertThat(http.get(orders, revoked).status()).isEqualTo(401);
		assertThat(realm.ssf().descriptions()).singleElement().asString().startsWith("orders-service@");
	}

	private static FakeRealm unavailableRealm() {
		FakeRealm realm = new FakeRealm();
		realm.setAvailable(false);
		return realm;
	}

}
