package com.restoration.partnerapi.orders.support;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The test database ({@link TestDatabase}), or none at all while {@link #down}; optionally in a schema of its own, for
 * tests that write what others must not see (the realm-wide revocation time).
 */
public final class SwitchableDataSource implements DataSource {

	public volatile boolean down;

	private final String schema;

	/** The test database's default schema. */
	public SwitchableDataSource() {
		this(null);
	}

	/** That schema of the test database, which must exist. */
	public SwitchableDataSource(String schema) {
		this.schema = schema;
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.down) {
			throw new SQLException("Connection refused (test: database down)", "08001");
		}
		Connection connection = TestDatabase.connect();
		if (this.schema != null) {
			connection.setSchema(this.schema);
		}
		return connection;
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return getConnection();
	}

	@Override
	public PrintWriter getLogWriter() {
		return null;
	}

	@Override
	public void setLogWriter(PrintWriter out) {
	}

	@Override
	public void setLoginTimeout(int seconds) {
	}

	@Override
	public int getLoginTimeout() {
		return 0;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		throw new SQLException("Not a wrapper");
	}

	@Override
	public boolean isWrapperFor(Class<?> type) {
		return false;
	}

}
