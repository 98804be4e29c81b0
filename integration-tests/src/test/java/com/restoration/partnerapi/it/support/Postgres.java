package com.restoration.partnerapi.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A PostgreSQL server where every run creates databases of its own and drops them afterwards: one the run
 * started itself ({@link PrivatePostgres}, the default) or the server {@code -Dit.postgres.url} names.
 */
public final class Postgres {

    private final String adminUrl;
    private final String user;
    private final String password;

    /** The run's server: the one -Dit.postgres.url names, or else one the run starts (once) and stops. */
    public static Postgres forRun() {
        String url = Settings.optional("it.postgres.url", "");
        if (url.isBlank()) {
            return PrivatePostgres.runServer().server();
        }
        return new Postgres(url, Settings.optional("it.postgres.user", "postgres"), Settings.optional("it.postgres.password", ""));
    }

    Postgres(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Creates an empty database with a unique name and returns that name. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_it_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        execute("CREATE DATABASE " + name);
        return name;
    }

    public void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public String jdbcUrl(String database) {
        int slash = adminUrl.lastIndexOf('/');
        return adminUrl.substring(0, slash + 1) + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + adminUrl + " refused: " + sql, e);
        }
    }
}
