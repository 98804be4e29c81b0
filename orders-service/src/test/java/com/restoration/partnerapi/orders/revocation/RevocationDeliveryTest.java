package com.restoration.partnerapi.orders.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.restoration.partnerapi.orders.security.JwksKeySource;
import com.restoration.partnerapi.orders.support.FakeRealm;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code orders.revocation.delivery} picks how revocations arrive: the SSF stream unless it says {@code feed}; the
 * lag gauge follows whichever it is.
 */
@SuppressWarnings("removal")
class RevocationDeliveryTest {

	private static final FakeRealm realm = new FakeRealm();

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(Collaborators.class, RevocationConfiguration.class, SsfReceiver.class,
				RevocationPoller.class)
		.withPropertyValues("orders.revocation.client-secret=" + FakeRealm.READER_CLIENT_SECRET);

	@AfterAll
	static void stopRealm() {
		realm.close();
	}

	@Test
	void theSsfStreamByDefault() {
		this.contexts.run((context) -> assertThat(context).hasSingleBean(SsfReceiver.class)
			.doesNotHaveBean(RevocationPoller.class)
			.getBean(MeterBinder.class)
			.isNotNull());
	}

	@Test
	void theDeprecatedFeedOnlyWhenAskedFor() {
		this.contexts.withPropertyValues("orders.revocation.delivery=feed")
			.run((context) -> assertThat(context).hasSingleBean(RevocationPoller.class)
				.doesNotHaveBean(SsfReceiver.class)
				.getBean(MeterBinder.class)
				.isNotNull());
	}

	@Test
	void anUnknownDeliveryStopsTheStartWithThePropertysName() {
		this.contexts.withPropertyValues("orders.revocation.delivery=push")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("orders.revocation")
				.hasStackTraceContaining("push"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Collaborators {

		@Bean
		RevokedTokens revokedTokens() {
			return mock(RevokedTokens.class);
		}

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

		@Bean
		JWKSource<SecurityContext> realmSigningKeys() {
			return JwksKeySource.create(realm.jwkSetUri(), JwksKeySource.DEFAULT_CACHE_TTL);
		}

		@Bean
		OAuth2ResourceServerProperties resourceServer() {
			OAuth2ResourceServerProperties properties = new OAuth2ResourceServerProperties();
			properties.getJwt().setIssuerUri(realm.issuer());
			return properties;
		}

	}

}
