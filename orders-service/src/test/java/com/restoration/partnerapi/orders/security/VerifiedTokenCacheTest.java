package com.restoration.partnerapi.orders.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

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

		authenticate(cache, "token-a");
		authenticate(cache, "token-a");
		authenticate(cache, "token-a");

		assertThat(this.verifications).hasValue(1);
		authenticate(cache, "token-b");
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void buildsATokensAuthenticationOnceWithItsScopesAsAuthorities() {
		VerifiedTokenCache cache = cache(Instant.now().plusSeconds(3600));

		Authentication first = authenticate(cache, "token-a");
		Authentication again = authenticate(cache, "token-a");

		assertThat(again).isSameAs(first);
		assertThat(first.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.contains("SCOPE_orders:read", "SCOPE_orders:write");
		assertThat(first.getDetails()).as("nothing of the request that built it").isNull();
	}

	@Test
	void keepsNoExpiredToken() {
		VerifiedTokenCache cache = cache(Instant.now().minus(PartnerTokenValidators.CLOCK_SKEW).minusSeconds(1));

		assertThatThrownBy(() -> authenticate(cache, "token-a")).isInstanceOf(InvalidBearerTokenException.class);
		assertThat(cache.size()).isZero();
	}

	@Test
	void refusesACachedTokenOnceItWasRevoked() {
		VerifiedTokenCache cache = cache(Instant.now().plusSeconds(3600));
		authenticate(cache, "token-a");

		this.revoked.set(true);

		assertThatThrownBy(() -> authenticate(cache, "token-a")).isInstanceOf(InvalidBearerTokenException.class)
			.hasMessageContaining("revoked");
		assertThat(cache.size()).isZero();
	}

	@Test
	void aTokenThatCannotBeCheckedIsTheServicesFailureNotTheToken() {
		VerifiedTokenCache cache = new VerifiedTokenCache((token) -> {
			throw new JwtException("Couldn't retrieve remote JWK set");
		}, PartnerTokenValidators.onEveryUse(List.of()));

		assertThatThrownBy(() -> authenticate(cache, "token-a")).isInstanceOf(AuthenticationServiceException.class);
	}

	@Test
	void keepsServingAReusedTokenThroughAFloodTwiceItsBound() {
		VerifiedTokenCache cache = cache(Instant.now().plusSeconds(3600));

		// One-off tokens (a flood of forged or single-use ones), and a partner calling with its token all along.
		for (int i = 0; i < 2 * VerifiedTokenCache.MAX_ENTRIES; i++) {
			assertThat(tokenValue(authenticate(cache, "one-off-" + i))).isEqualTo("one-off-" + i);
			if (i % 50 == 0) {
				assertThat(tokenValue(authenticate(cache, "partner-token"))).isEqualTo("partner-token");
			}
		}

		assertThat(cache.size()).isLessThanOrEqualTo(VerifiedTokenCache.MAX_ENTRIES);
		assertThat(this.verifiedTokens).as("the partner's token was verified once").containsOnlyOnce("partner-token");
	}

	private static Authentication authenticate(VerifiedTokenCache cache, String token) {
		return cache.authenticate(new BearerTokenAuthenticationToken(token));
	}

	private static String tokenValue(Authentication authentication) {
		return ((JwtAuthenticationToken) authentication).getToken().getTokenValue();
	}

	private VerifiedTokenCache cache(Instant expiresAt) {
		OAuth2TokenValidator<Jwt> validators = PartnerTokenValidators.onEveryUse(List.of(this.revocation));
		JwtDecoder verifying = (token) -> {
			this.verifications.incrementAndGet();
			this.verifiedTokens.add(token);
			// Like the real decoder: signature (here: none), then the same checks as on every use.
			Jwt jwt = Jwt.withTokenValue(token)
				.header("alg", "ES256")
				.claim("azp", "acme")
				.claim("scope", "orders:read orders:write")
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
