package com.restoration.partnerapi.orders.revocation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses tokens that Keycloak revoked (a secret rotated or regenerated, a "not before" pushed), without a call
 * to Keycloak per request: the token's {@code iat} against the not-before times {@link RevokedTokens} keeps, which
 * the SSF stream or the deprecated feed ({@link RevocationDelivery}) moves forward.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(RevocationProperties.class)
class RevocationConfiguration {

	private static final OAuth2Error REVOKED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"The token was revoked: its client's credentials were rotated after it was issued", null);

	/**
	 * {@code orders_revocation_lag_seconds}: see {@link RevocationDelivery#lagSeconds()}. Computed when scraped only.
	 * The properties are asked for first (and used for nothing else) so that a {@code delivery} that is neither
	 * {@code ssf} nor {@code feed} stops the start with their binding error, which names the property and its values,
	 * rather than with a missing delivery.
	 */
	@Bean
	MeterBinder revocationLag(RevocationProperties properties, RevocationDelivery delivery) {
		return (registry) -> Gauge.builder("orders.revocation.lag", delivery, RevocationDelivery::lagSeconds)
			.description("Seconds since revocations were last read successfully")
			.baseUnit("seconds")
			.register(registry);
	}

	@Bean
	OAuth2TokenValidator<Jwt> revokedTokenValidator(RevokedTokens revokedTokens) {
		return (jwt) -> revokedTokens.isRevoked(jwt.getClaimAsString("azp"), jwt.getIssuedAt())
				? OAuth2TokenValidatorResult.failure(REVOKED) : OAuth2TokenValidatorResult.success();
	}

}
