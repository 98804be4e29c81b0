package com.restoration.partnerapi.orders.security;

import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Decodes Keycloak access tokens with the standard {@code spring.security.oauth2.resourceserver.jwt.*}
 * properties. Keys come from {@code jwk-set-uri}, never from issuer discovery, so the service starts and
 * serves while Keycloak is down; {@code orders.jwks.cache-ttl} says how long they are kept. The decoder verifies
 * every token it is given; {@link VerifiedTokenCache} (SecurityConfiguration) gives it each token once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ OAuth2ResourceServerProperties.class, JwksProperties.class })
public class JwtDecoderConfiguration {

	/** The token path's counts (verified-token cache, key fetches), bound to the actuator's registry as a MeterBinder. */
	@Bean
	TokenMetrics tokenMetrics() {
		return new TokenMetrics();
	}

	@Bean
	JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties, JwksProperties jwks,
			ObjectProvider<OAuth2TokenValidator<Jwt>> additionalValidators, TokenMetrics metrics) {
		OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
		if (jwt.getJwkSetUri() == null || jwt.getJwkSetUri().isBlank()) {
			throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.jwk-set-uri must be set");
		}
		return partnerTokenDecoder(jwt.getJwkSetUri(), jwt.getIssuerUri(), jwt.getAudiences(),
				additionalValidators.orderedStream().toList(), jwks.cacheTtl(), metrics);
	}

	/**
	 * The decoder of production, for tests that drive it with their own keys: what a token says about itself is
	 * checked first ({@link UnverifiedTokenCheck}), then its signature and claims.
	 */
	public static JwtDecoder partnerTokenDecoder(String jwkSetUri, String issuer, List<String> audiences,
			List<OAuth2TokenValidator<Jwt>> additionalValidators) {
		return partnerTokenDecoder(jwkSetUri, issuer, audiences, additionalValidators,
				JwksKeySource.DEFAULT_CACHE_TTL, new TokenMetrics());
	}

	static JwtDecoder partnerTokenDecoder(String jwkSetUri, String issuer, List<String> audiences,
			List<OAuth2TokenValidator<Jwt>> additionalValidators, Duration jwksCacheTtl, TokenMetrics metrics) {
		JWKSource<SecurityContext> keys = JwksKeySource.create(jwkSetUri, jwksCacheTtl, metrics);
		// The algorithms the realm publishes for its keys (ES256, RS256), never alg "none" or HMAC.
		NimbusJwtDecoder verifier = NimbusJwtDecoder.withJwkSource(keys)
			.jwtProcessorCustomizer((processor) -> processor.setJWSKeySelector(new PublishedKeySelector(keys)))
			.build();
		verifier.setJwtValidator(PartnerTokenValidators.create(issuer, audiences, additionalValidators));
		return new UnverifiedTokenCheck(keys, PartnerTokenValidators.create(issuer, audiences, List.of()), verifier);
	}

}
