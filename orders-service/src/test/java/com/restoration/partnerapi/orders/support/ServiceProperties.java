package com.restoration.partnerapi.orders.support;

import java.util.function.Supplier;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The standard properties a test's orders-service runs with: its test database and a fake realm, including the
 * secret of the client that reads the realm's revocations (required, as in production), and a free management
 * port (health, metrics: {@code @LocalManagementPort}) rather than the fixed default, as several may run at once.
 */
public final class ServiceProperties {

	private ServiceProperties() {
	}

	public static void register(DynamicPropertyRegistry registry, FakeRealm realm) {
		register(registry, realm, TestDatabase::url);
	}

	public static void register(DynamicPropertyRegistry registry, FakeRealm realm, Supplier<Object> jdbcUrl) {
		registry.add("spring.datasource.url", jdbcUrl);
		registry.add("spring.datasource.username", TestDatabase::user);
		registry.add("spring.datasource.password", TestDatabase::password);
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", realm::issuer);
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", realm::jwkSetUri);
		registry.add("orders.revocation.client-secret", () -> FakeRealm.READER_CLIENT_SECRET);
		registry.add("management.server.port", () -> 0);
	}

}
