package com.restoration.partnerapi.orders.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of this test run's own on the machine's PostgreSQL (default 127.0.0.1:5432, user postgres,
 * trust auth; override with ORDERS_TEST_PG_HOST_PORT, ORDERS_TEST_PG_USER, ORDERS_TEST_PG_PASSWORD).
 * Created on first use under a random name and dropped when the JVM exits, so test runs can go on beside
 * each other and beside anything else on that server. Tests keep apart by using fresh partner ids.
 */
public final class TestDatabase {

	private static final String HOST_PORT = env("ORDERS_TEST_PG_HOST_PORT", "127.0.0.1:5432");

	public static final String USER = env("ORDERS_TEST_PG_USER", "postgres");

	public static final String PASSWORD = env("ORDERS_TEST_PG_PASSWORD", "");

	private static String name;

	private TestDatabase() {
	}

	/** JDBC URL of the test database, which is created on the first call. */
	public static synchronized String url() {
		if (name == null) {
			String created = "orders_test_" + UUID.randomUUID().toString().replace("-", "");
			execute("CREATE DATABASE " + created);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("DROP DATABASE IF EXISTS " + created + " WITH (FORCE)")));
			name = created;
		}
		return "jdbc:postgresql://" + HOST_PORT + "/" + name;
	}

	public static Connection connect() throws SQLException {
		return DriverManager.getConnection(url(), USER, PASSWORD);
	}

	private static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + HOST_PORT + "/postgres", USER,
				PASSWORD); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Tests need PostgreSQL at " + HOST_PORT + " (user " + USER + "): " + sql, ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
