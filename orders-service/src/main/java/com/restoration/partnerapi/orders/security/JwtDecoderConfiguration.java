package com.restoration.partnerapi.orders.security;

import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Decodes Keycloak access tokens with the standard {@code spring.security.oauth2.resourceserver.jwt.*}
 * properties. Keys come from {@code jwk-set-uri}, never from issuer discovery, so the service starts and
 * serves while Keycloak is down.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OAuth2ResourceServerProperties.class)
public class JwtDecoderConfiguration {

	@Bean
	JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties,
			ObjectProvider<OAuth2TokenValidator<Jwt>> additionalValidators) {
		OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
		if (jwt.getJwkSetUri() == null || jwt.getJwkSetUri().isBlank()) {
			throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.jwk-set-uri must be set");
		}
		List<OAuth2TokenValidator<Jwt>> additional = additionalValidators.orderedStream().toList();
		NimbusJwtDecoder decoder = partnerTokenDecoder(jwt.getJwkSetUri(), jwt.getIssuerUri(), jwt.getAudiences(),
				additional);
		return new VerifiedTokenCache(decoder, PartnerTokenValidators.onEveryUse(additional));
	}

	/** The decoder of production, for tests that drive it with their own keys. */
	public static NimbusJwtDecoder partnerTokenDecoder(String jwkSetUri, String issuer, List<String> audiences,
			List<OAuth2TokenValidator<Jwt>> additionalValidators) {
		return partnerTokenDecoder(jwkSetUri, issuer, audiences, additionalValidators,
				JwksKeySource.DEFAULT_CACHE_TTL);
	}

	static NimbusJwtDecoder partnerTokenDecoder(String jwkSetUri, String issuer, List<String> audiences,
			List<OAuth2TokenValidator<Jwt>> additionalValidators, Duration jwksCacheTtl) {
		// RS256 only: alg "none" and HMAC tokens (e.g. HS256 keyed with our public key) never verify.
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(JwksKeySource.create(jwkSetUri, jwksCacheTtl))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(PartnerTokenValidators.create(issuer, audiences, additionalValidators));
		return decoder;
	}

}
