package com.restoration.partnerapi.orders.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokenCacheTest {

	private final AtomicInteger verifications = new AtomicInteger();

	private final List<String> verifiedTokens = new ArrayList<>();

	private final AtomicBoolean revoked = new AtomicBoolean();

	private final OAuth2TokenValidator<Jwt> revocation = (jwt) -> this.revoked.get()
			? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "revoked", null))
			: OAuth2TokenValidatorResult.success();

	@Test
	void verifiesAReusedTokenOnlyOnce() {
		VerifiedTokenCache cache = cache(Instant.now().plusSeconds(3600));

		cache.decode("token-a");
		cache.decode("token-a");
		cache.decode("token-a");

		assertThat(this.verifications).hasValue(1);
		cache.decode("token-b");
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void keepsNoExpiredToken() {
		VerifiedTokenCache cache = cache(Instant.now().minus(PartnerTokenValidators.CLOCK_SKEW).minusSeconds(1));

		assertThatThrownBy(() -> cache.decode("token-a")).isInstanceOf(JwtValidationException.class);
		assertThat(cache.size()).isZero();
	}

	@Test
	void refusesACachedTokenOnceItWasRevoked() {
		VerifiedTokenCache cache = cache(Instant.now().plusSeconds(3600));
		cache.decode("token-a");

		this.revoked.set(true);

		assertThatThrownBy(() -> cache.decode("token-a")).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("revoked");
	}

	@Test
	void keepsServingAReusedTokenThroughAFloodTwiceItsBound() {
		VerifiedTokenCache cache = cache(Instant.now().plusSeconds(3600));

		// One-off tokens (a flood of forged or single-use ones), and a partner calling with its token all along.
		for (int i = 0; i < 2 * VerifiedTokenCache.MAX_ENTRIES; i++) {
			assertThat(cache.decode("one-off-" + i).getTokenValue()).isEqualTo("one-off-" + i);
			if (i % 50 == 0) {
				assertThat(cache.decode("partner-token").getTokenValue()).isEqualTo("partner-token");
			}
		}

		assertThat(cache.size()).isLessThanOrEqualTo(VerifiedTokenCache.MAX_ENTRIES);
		assertThat(this.verifiedTokens).as("the partner's token was verified once").containsOnlyOnce("partner-token");
	}

	private VerifiedTokenCache cache(Instant expiresAt) {
		OAuth2TokenValidator<Jwt> validators = PartnerTokenValidators.onEveryUse(List.of(this.revocation));
		JwtDecoder verifying = (token) -> {
			this.verifications.incrementAndGet();
			this.verifiedTokens.add(token);
			// Like the real decoder: signature (here: none), then the same checks as on every use.
			Jwt jwt = Jwt.withTokenValue(token)
				.header("alg", "RS256")
				.claim("azp", "acme")
				.issuedAt(expiresAt.minusSeconds(3600))
				.expiresAt(expiresAt)
				.build();
			OAuth2TokenValidatorResult result = validators.validate(jwt);
			if (result.hasErrors()) {
				throw new JwtValidationException("invalid", result.getErrors());
			}
			return jwt;
		};
		return new VerifiedTokenCache(verifying, validators);
	}

}
