package com.restoration.partnerapi.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import com.restoration.partnerapi.orders.support.GatewayTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/** The gateway and orders-service say the same thing about the same request. */
class GatewayTemplateTest {

	private final GatewayTemplate gateway = GatewayTemplate.read();

	@Test
	void refusesTheBodiesOrdersServiceRefuses() throws IOException {
		PropertySource<?> application = new YamlPropertySourceLoader()
			.load("application.yml", new ClassPathResource("application.yml"))
			.get(0);

		DataSize service = DataSize.parse(String.valueOf(application.getProperty("orders.max-request-body-size")));

		assertThat(this.gateway.clientMaxBodySize()).isEqualTo(service);
	}

	@Test
	void answersItselfWithJsonThatNamesItsOwnStatus() {
		assertThat(this.gateway.answers()).hasSizeGreaterThanOrEqualTo(9).allSatisfy((answer) -> {
			if (answer.body().has("status")) {
				// RFC 9457, with the members orders-service writes (ProblemResponses) but the instance.
				assertThat(answer.body().propertyNames()).containsExactly("title", "status", "detail");
				assertThat(answer.body().get("status").asInt()).isEqualTo(answer.status());
				assertThat(answer.body().get("title").asString())
					.isEqualTo(HttpStatus.valueOf(answer.status()).getReasonPhrase());
				assertThat(answer.body().get("detail").asString()).endsWith(".");
			}
			else {
				// RFC 6749 on /authenticate, as Keycloak writes it.
				assertThat(answer.body().propertyNames()).containsExactly("error", "error_description");
			}
		});
	}

}
