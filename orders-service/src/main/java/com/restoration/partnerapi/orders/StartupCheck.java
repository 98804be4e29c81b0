package com.restoration.partnerapi.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Refuses to start, with one line on stderr and exit code 2, when a setting that has no safe default is missing:
 * no stack trace, no banner, nothing started. Runs from {@link OrdersServiceApplication#main} once Spring has
 * read every property source (command line, environment variables, application.yml) and the active profiles.
 *
 * <ul>
 * <li>{@code spring.datasource.url}: there is no default database. The profile {@code local} with the
 * orders-service-devtools module on the class path (see its README) starts a throw-away embedded PostgreSQL
 * instead.</li>
 * <li>{@code orders.revocation.client-secret}: revocations are read with a token of the client
 * {@code orders.revocation.client-id}; always required, also locally.</li>
 * </ul>
 */
final class StartupCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	static final int EXIT_CODE = 2;

	static final String LOCAL_PROFILE = "local";

	/** Auto-configuration of orders-service-devtools that starts the embedded PostgreSQL. */
	static final String EMBEDDED_DATABASE_CLASS = "com.restoration.partnerapi.orders.devtools.EmbeddedPostgresAutoConfiguration";

	private final IntConsumer exit;

	StartupCheck() {
		this(System::exit);
	}

	StartupCheck(IntConsumer exit) {
		this.exit = exit;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		Environment environment = event.getEnvironment();
		String problem = problem(environment, ClassUtils.isPresent(EMBEDDED_DATABASE_CLASS, getClass().getClassLoader()));
		if (problem != null) {
			System.err.println("orders-service: " + problem);
			System.err.flush();
			this.exit.accept(EXIT_CODE);
		}
	}

	/**
	 * What is missing, as one line without a line break, or {@code null} if the service can start.
	 * @param embeddedDatabaseAvailable whether orders-service-devtools is on the class path
	 */
	static String problem(Environment environment, boolean embeddedDatabaseAvailable) {
		List<String> problems = new ArrayList<>();
		boolean local = environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE));
		if (!StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
			if (!local) {
				problems.add("spring.datasource.url is not set: point it (or SPRING_DATASOURCE_URL) at your PostgreSQL, "
						+ "or run with the 'local' profile and the devtools module for a throw-away embedded database");
			}
			else if (!embeddedDatabaseAvailable) {
				problems.add("spring.datasource.url is not set and the 'local' profile has no embedded database without "
						+ "the devtools module: add orders-service-devtools.jar and its lib/ to loader.path, or set "
						+ "spring.datasource.url (or SPRING_DATASOURCE_URL)");
			}
		}
		if (!StringUtils.hasText(environment.getProperty("orders.revocation.client-secret"))) {
			problems.add("orders.revocation.client-secret is not set: give it (or ORDERS_REVOCATION_CLIENT_SECRET) the "
					+ "secret of the Keycloak client '" + environment.getProperty("orders.revocation.client-id", "orders-service")
					+ "' that reads revocations");
		}
		return problems.isEmpty() ? null : String.join("; ", problems);
	}

}
