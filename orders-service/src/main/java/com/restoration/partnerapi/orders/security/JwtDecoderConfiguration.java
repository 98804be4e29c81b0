package com.restoration.partnerapi.orders.security;

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
 * every token it is given; {@link VerifiedTokenCache} (SecurityConfiguration) gives it each token once. The same keys
 * (one cache, one set of fetches) verify the security event tokens of the revocation stream.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ OAuth2ResourceServerProperties.class, JwksProperties.class })
public class JwtDecoderConfiguration {

	/** The token path's counts (verified-token cache, key fetches), bound to the actuator's registry as a MeterBinder. */
	@Bean
	TokenMetrics tokenMetrics() {
		return new TokenMetrics();
	}

	/** The realm's published keys (see {@link JwksKeySource}), for access tokens and security event tokens alike. */
	@Bean
	JWKSource<SecurityContext> realmSigningKeys(OAuth2ResourceServerProperties properties, JwksProperties jwks,
			TokenMetrics metrics) {
		String jwkSetUri = properties.getJwt().getJwkSetUri();
		if (jwkSetUri == null || jwkSetUri.isBlank()) {
			throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.jwk-set-uri must be set");
		}
		return JwksKeySource.create(jwkSetUri, jwks.cacheTtl(), metrics);
	}

	@Bean
	JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties, JWKSource<SecurityContext> realmSigningKeys,
			ObjectProvider<OAuth2TokenValidator<Jwt>> additionalValidators) {
		OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
		return partnerTokenDecoder(realmSigningKeys, jwt.getIssuerUri(), jwt.getAudiences(),
				additionalValidators.orderedStream().toList());
	}

	/**
	 * The decoder of production, for tests that drive it with their own keys: what a token says about itself is
	 * checked first ({@link UnverifiedTokenCheck}), then its signature and claims.
	 */
	public static JwtDecoder partnerTokenDecoder(String jwkSetUri, String issuer, List<String> audiences,
			List<OAuth2TokenValidator<Jwt>> additionalValidators) {
		return partnerTokenDecoder(JwksKeySource.create(jwkSetUri, JwksKeySource.DEFAULT_CACHE_TTL), issuer, audiences,
				additionalValidators);
	}

	static JwtDecoder partnerTokenDecoder(JWKSource<SecurityContext> keys, String issuer, List<String> audiences,
			List<OAuth2TokenValidator<Jwt>> additionalValidators) {
		// The algorithms the realm publishes for its keys (ES256, RS256), never alg "none" or HMAC.
		NimbusJwtDecoder verifier = NimbusJwtDecoder.withJwkSource(keys)
			.jwtProcessorCustomizer((processor) -> processor.setJWSKeySelector(new PublishedKeySelector(keys)))
			.build();
		verifier.setJwtValidator(PartnerTokenValidators.create(issuer, audiences, additionalValidators));
		return new UnverifiedTokenCheck(keys, PartnerTokenValidators.create(issuer, audiences, List.of()), verifier);
	}

}
