package com.restoration.partnerapi.orders.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;

/**
 * The claim checks every access token must pass after its signature was verified. One chain, so that more
 * checks (a per-client "not before" for revocation, say) are added as further {@link OAuth2TokenValidator}s.
 */
public final class PartnerTokenValidators {

	/** Tolerated difference between Keycloak's clock and ours. */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private PartnerTokenValidators() {
	}

	/** What may change while a verified token is reused: its expiry, and the additional checks (revocation). */
	static OAuth2TokenValidator<Jwt> onEveryUse(List<OAuth2TokenValidator<Jwt>> additional) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(timestamps());
		validators.addAll(additional);
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	private static JwtTimestampValidator timestamps() {
		JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
		timestamps.setAllowEmptyExpiryClaim(false);
		return timestamps;
	}

	public static OAuth2TokenValidator<Jwt> create(String issuer, Collection<String> audiences,
			List<OAuth2TokenValidator<Jwt>> additional) {
		if (issuer == null || issuer.isBlank()) {
			throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.issuer-uri must be set");
		}
		if (audiences == null || audiences.isEmpty()) {
			throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.audiences must be set");
		}
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(JwtTypeValidator.jwt());
		validators.add(timestamps());
		validators.add(new JwtIssuerValidator(issuer));
		validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
				(aud) -> aud != null && aud.stream().anyMatch(audiences::contains)));
		// Keycloak marks access tokens typ=Bearer; ID and refresh tokens must not open the API.
		validators.add(new JwtClaimValidator<String>("typ", "Bearer"::equals));
		validators.addAll(additional);
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

}
