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
 * to Keycloak per request: the token's {@code iat} against the not-before times the poller keeps.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(RevocationProperties.class)
class RevocationConfiguration {

	private static final OAuth2Error REVOKED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"The token was revoked: its client's credentials were rotated after it was issued", null);

	/** {@code orders_revocation_lag_seconds}: see {@link RevocationPoller#lagSeconds()}. Computed when scraped only. */
	@Bean
	MeterBinder revocationLag(RevocationPoller poller) {
		return (registry) -> Gauge.builder("orders.revocation.lag", poller, RevocationPoller::lagSeconds)
			.description("Seconds since the revocation feed was last read successfully")
			.baseUnit("seconds")
			.register(registry);
	}

	@Bean
	OAuth2TokenValidator<Jwt> revokedTokenValidator(RevokedTokens revokedTokens) {
		return (jwt) -> revokedTokens.isRevoked(jwt.getClaimAsString("azp"), jwt.getIssuedAt())
				? OAuth2TokenValidatorResult.failure(REVOKED) : OAuth2TokenValidatorResult.success();
	}

}
