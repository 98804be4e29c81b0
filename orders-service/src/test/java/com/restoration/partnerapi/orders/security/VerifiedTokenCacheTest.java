package com.restoration.partnerapi.orders.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
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
	void refusesACachedTokenOnceItExpired() {
		VerifiedTokenCache cache = cache(Instant.now().minus(PartnerTokenValidators.CLOCK_SKEW).minusSeconds(1));
		cache.decode("token-a");

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
	void staysBounded() {
		VerifiedTokenCache cache = cache(Instant.now().plusSeconds(3600));
		for (int i = 0; i <= VerifiedTokenCache.MAX_ENTRIES; i++) {
			cache.decode("token-" + i);
		}

		assertThat(cache.size()).isLessThanOrEqualTo(VerifiedTokenCache.MAX_ENTRIES);
	}

	private VerifiedTokenCache cache(Instant expiresAt) {
		JwtDecoder verifying = (token) -> {
			this.verifications.incrementAndGet();
			return Jwt.withTokenValue(token)
				.header("alg", "RS256")
				.claim("azp", "acme")
				.issuedAt(expiresAt.minusSeconds(3600))
				.expiresAt(expiresAt)
				.build();
		};
		return new VerifiedTokenCache(verifying, PartnerTokenValidators.onEveryUse(List.of(this.revocation)));
	}

}
