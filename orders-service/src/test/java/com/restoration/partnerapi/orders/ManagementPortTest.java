package com.restoration.partnerapi.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

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
 * Health and metrics as an operator's probes and Prometheus see them: on the management port, without a token, and
 * nowhere on the port partners reach. The metrics named here are those alert rules and dashboards are written
 * against: their names and labels are a contract.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ManagementPortTest {

	private static final FakeRealm realm = new FakeRealm();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private Http http;

	private Http management;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceProperties.register(registry, realm);
	}

	@AfterAll
	static void stopRealm() {
		realm.close();
	}

	@BeforeEach
	void clients() {
		this.http = new Http("http://127.0.0.1:" + this.port);
		this.management = new Http("http://127.0.0.1:" + this.managementPort);
	}

	@Test
	void servesHealthAndPrometheusWithoutTokenOnTheManagementPort() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(this.management.get("/actuator/health/readiness", null).json().get("status").asString())
			.isEqualTo("UP");
		assertThat(this.management.get("/actuator/health/liveness", null).status()).isEqualTo(200);
		Http.Response prometheus = this.management.get("/actuator/prometheus", null);
		assertThat(prometheus.status()).isEqualTo(200);
		assertThat(prometheus.header("Content-Type")).startsWith("text/plain");
		assertThat(this.management.get("/actuator/env", null).status()).isEqualTo(401);
		assertThat(this.management.get("/actuator/metrics", null).status()).isEqualTo(401);
	}

	@Test
	void theMainPortServesNoMetricsOrHealth() {
		String partner = "partner-" + UUID.randomUUID();

		assertThat(this.http.get("/actuator/prometheus", null).status()).isEqualTo(401);
		assertThat(this.http.get("/actuator/prometheus", realm.token(partner)).status()).isEqualTo(403);
		assertThat(this.http.get("/actuator/health/readiness", null).status()).isEqualTo(401);
		assertThat(this.http.get("/actuator/health/liveness", null).status()).isEqualTo(401);
	}

	@Test
	void countsTokenCacheLookupsAsHitsAndMisses() {
		String partner = "partner-" + UUID.randomUUID();
		String token = realm.token(partner);
		Scrape before = scrape();

		assertThat(this.http.get(orders(partner), token).status()).isEqualTo(200);
		assertThat(this.http.get(orders(partner), token).status()).isEqualTo(200);
		assertThat(this.http.get(orders(partner), token).status()).isEqualTo(200);

		Scrape after = scrape();
		assertThat(after.count("orders_token_cache_lookups_total", "result=\"miss\"")
				- before.count("orders_token_cache_lookups_total", "result=\"miss\"")).isEqualTo(1);
		assertThat(after.count("orders_token_cache_lookups_total", "result=\"hit\"")
				- before.count("orders_token_cache_lookups_total", "result=\"hit\"")).isEqualTo(2);
	}

	@Test
	void publishesTheMetricsAlertsAndDashboardsUse() {
		String partner = "partner-" + UUID.randomUUID();
		assertThat(this.http.get(orders(partner), realm.token(partner)).status()).isEqualTo(200);

		Scrape metrics = scrape();

		assertThat(metrics.has("http_server_requests_seconds_bucket", "method=\"GET\"",
				"uri=\"/accounts/{clientId}/orders\"", "status=\"200\"", "outcome=\"SUCCESS\"", "le=\"+Inf\""))
			.isTrue();
		assertThat(metrics.has("http_server_requests_seconds_count", "uri=\"/accounts/{clientId}/orders\"")).isTrue();
		assertThat(metrics.count("orders_jwks_refreshes_total", "outcome=\"success\"")).isPositive();
		assertThat(metrics.value("orders_jwks_refreshes_total", "outcome=\"failure\"")).hasValue(0);
		assertThat(metrics.value("orders_token_cache_lookups_total", "result=\"hit\"")).isPresent();
		// The revocation stream of a realm that answers: none while a poll is open, seconds since start-up before.
		assertThat(metrics.value("orders_revocation_lag_seconds").orElseThrow()).isBetween(0.0, 10.0);
		assertThat(metrics.value("hikaricp_connections_max")).hasValue(10);
		assertThat(metrics.has("hikaricp_connections_active")).isTrue();
		assertThat(metrics.has("hikaricp_connections_pending")).isTrue();
		assertThat(metrics.has("hikaricp_connections_timeout_total")).isTrue();
	}

	private Scrape scrape() {
		Http.Response response = this.management.get("/actuator/prometheus", null);
		assertThat(response.status()).isEqualTo(200);
		return new Scrape(response.body());
	}

	private static String orders(String clientId) {
		return "/accounts/" + clientId + "/orders";
	}

}
