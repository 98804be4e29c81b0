package com.restoration.partnerapi.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/** When orders-service refuses to start: no database URL outside the 'local' profile, no revocation secret. */
@ExtendWith(OutputCaptureExtension.class)
class StartupCheckTest {

	private static final String URL = "jdbc:postgresql://db.internal:5432/orders";

	@Test
	void startsWithDatabaseUrlAndSecret() {
		assertThat(StartupCheck.problem(environment(URL, "s3cret"), false)).isNull();
	}

	@Test
	void refusesWithoutDatabaseUrl() {
		String problem = StartupCheck.problem(environment(null, "s3cret"), true);

		assertThat(problem).startsWith("spring.datasource.url is not set: point it (or SPRING_DATASOURCE_URL) at your PostgreSQL")
			.contains("'local' profile", "devtools");
		assertThat(StartupCheck.problem(environment(" ", "s3cret"), true)).as("blank").isEqualTo(problem);
	}

	@Test
	void theLocalProfileWithTheDevtoolsModuleNeedsNoDatabaseUrl() {
		MockEnvironment environment = environment(null, "s3cret");
		environment.setActiveProfiles("local");

		assertThat(StartupCheck.problem(environment, true)).isNull();
	}

	@Test
	void theLocalProfileWithoutTheDevtoolsModuleStillNeedsADatabaseUrl() {
		MockEnvironment environment = environment(null, "s3cret");
		environment.setActiveProfiles("local");

		assertThat(StartupCheck.problem(environment, false)).startsWith("spring.datasource.url is not set")
			.contains("loader.path");
		environment.setProperty("spring.datasource.url", URL);
		assertThat(StartupCheck.problem(environment, false)).isNull();
	}

	@Test
	void otherProfilesDoNotReplaceTheDatabaseUrl() {
		MockEnvironment environment = environment(null, "s3cret");
		environment.setActiveProfiles("insecure-benchmark", "localhost");

		assertThat(StartupCheck.problem(environment, true)).startsWith("spring.datasource.url is not set");
	}

	@Test
	void refusesWithoutRevocationSecretEvenLocally() {
		MockEnvironment environment = environment(null, null);
		environment.setActiveProfiles("local");
		environment.setProperty("orders.revocation.client-id", "orders-service-eu");

		assertThat(StartupCheck.problem(environment, true))
			.startsWith("orders.revocation.client-secret is not set: give it (or ORDERS_REVOCATION_CLIENT_SECRET)")
			.contains("'orders-service-eu'");
	}

	@Test
	void namesEveryMissingSettingOnOneLine() {
		String problem = StartupCheck.problem(environment(null, ""), true);

		assertThat(problem).contains("spring.datasource.url", "orders.revocation.client-secret").doesNotContain("\n", "\r");
	}

	@Test
	void printsOneLineAndExitsWith2(CapturedOutput output) {
		List<Integer> exits = new ArrayList<>();

		new StartupCheck(exits::add).onApplicationEvent(event(environment(null, "s3cret")));

		assertThat(exits).containsExactly(2);
		assertThat(output.getOut()).isEmpty();
		assertThat(output.getErr()).startsWith("orders-service: spring.datasource.url is not set")
			.endsWith(System.lineSeparator())
			.hasLineCount(1);
	}

	@Test
	void saysNothingWhenAllIsSet(CapturedOutput output) {
		List<Integer> exits = new ArrayList<>();

		new StartupCheck(exits::add).onApplicationEvent(event(environment(URL, "s3cret")));

		assertThat(exits).isEmpty();
		assertThat(output.getAll()).isEmpty();
	}

	private static ApplicationEnvironmentPreparedEvent event(MockEnvironment environment) {
		return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
				new SpringApplication(OrdersServiceApplication.class), new String[0], environment);
	}

	private static MockEnvironment environment(String url, String secret) {
		MockEnvironment environment = new MockEnvironment();
		if (url != null) {
			environment.setProperty("spring.datasource.url", url);
		}
		if (secret != null) {
			environment.setProperty("orders.revocation.client-secret", secret);
		}
		return environment;
	}

}
