package com.restoration.partnerapi.orders.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.restoration.partnerapi.orders.support.FakeRealm;
import com.restoration.partnerapi.orders.support.ServiceProperties;
import com.restoration.partnerapi.orders.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Started while Keycloak is down: ready anyway, 503 for tokens until the keys can be fetched. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeycloakUnavailableTest {

	private static final FakeRealm realm = unavailableRealm();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceProperties.register(registry, realm);
	}

	@AfterAll
	static void stopRealm() {
		realm.close();
	}

	@Test
	void isReadyWithoutKeycloakAndServesOnceKeysCanBeFetched() {
		Http http = new Http("http://127.0.0.1:" + this.port);
		String partner = "partner-" + UUID.randomUUID();
		String orders = "/accounts/" + partner + "/orders";

		assertThat(http.get("/actuator/health/readiness", null).status()).isEqualTo(200);
		Http.Response withoutKeys = http.get(orders, realm.token(partner));
		assertThat(withoutKeys.status()).as(withoutKeys.body()).isEqualTo(503);
		assertThat(withoutKeys.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(withoutKeys.header("Retry-After")).isEqualTo("5");
		assertThat(withoutKeys.json().get("detail").asString()).endsWith("(the signing keys are unavailable); retry shortly.");
		assertThat(http.get(orders, "not-a-jwt").status()).isEqualTo(401);

		realm.setAvailable(true);

		assertThat(http.get(orders, realm.token(partner)).status()).isEqualTo(200);
	}

	private static FakeRealm unavailableRealm() {
		FakeRealm realm = new FakeRealm();
		realm.setAvailable(false);
		return realm;
	}

}
