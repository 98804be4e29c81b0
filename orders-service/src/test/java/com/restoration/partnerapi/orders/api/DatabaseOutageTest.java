package com.restoration.partnerapi.orders.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.restoration.partnerapi.orders.support.FakeRealm;
import com.restoration.partnerapi.orders.support.ServiceProperties;
import com.restoration.partnerapi.orders.support.Http;
import com.restoration.partnerapi.orders.support.TcpProxy;
import com.restoration.partnerapi.orders.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The database goes away under a running service, and comes back. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageTest {

	private static final FakeRealm realm = new FakeRealm();

	private static final TcpProxy database = proxyTo(TestDatabase.url());

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceProperties.register(registry, realm,
				() -> TestDatabase.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + database.port() + "/"));
	}

	@AfterAll
	static void stop() throws Exception {
		realm.close();
		database.close();
	}

	@Test
	void answers503WhileTheDatabaseIsDownAndRecoversByItself() throws Exception {
		Http http = new Http("http://127.0.0.1:" + this.port);
		Http management = new Http("http://127.0.0.1:" + this.managementPort);
		String partner = "partner-" + UUID.randomUUID();
		String token = realm.token(partner);
		String orders = "/accounts/" + partner + "/orders";
		assertThat(http.post(orders, token, null, "{\"project_id\": \"p\", \"quantity\": 1}").status()).isEqualTo(201);

		database.cut();
		Http.Response read = http.get(orders, token);
		Http.Response write = http.post(orders, token, null, "{\"project_id\": \"p\", \"quantity\": 1}");
		Http.Response readiness = management.get("/actuator/health/readiness", null);

		assertThat(read.status()).as(read.body()).isEqualTo(503);
		assertThat(read.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(read.header("Retry-After")).isEqualTo("5");
		assertThat(read.json().get("detail").asString()).isEqualTo("The order database is unavailable; retry shortly.");
		assertThat(write.status()).isEqualTo(503);
		assertThat(readiness.status()).isEqualTo(503);

		database.restore();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		Http.Response recovered = http.get(orders, token);
		while (recovered.status() != 200 && Instant.now().isBefore(deadline)) {
			Thread.sleep(250);
			recovered = http.get(orders, token);
		}

		assertThat(recovered.status()).as(recovered.body()).isEqualTo(200);
		assertThat(recovered.json().get("orders")).hasSize(1);
		assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200);
	}

	private static TcpProxy proxyTo(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		try {
			return new TcpProxy(uri.getHost(), uri.getPort());
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
