package com.restoration.partnerapi.orders.security;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A partner reuses one token for an hour, so its signature is verified and its JSON parsed once, not on every
 * request: the decoded token is kept under its exact compact form (so any changed byte is a miss and a full
 * verification). What can change while a token is cached, its expiry and its revocation, is checked on every hit.
 *
 * <p>A Caffeine cache of at most {@value #MAX_ENTRIES} tokens; each entry leaves when its token expires (plus the
 * allowed clock skew), and beyond the bound the tokens least likely to come back are evicted first, so a flood of
 * one-off tokens does not push out the partners' reused ones.
 */
final class VerifiedTokenCache implements JwtDecoder {

	static final int MAX_ENTRIES = 10_000;

	private final JwtDecoder decoder;

	private final OAuth2TokenValidator<Jwt> onEveryUse;

	private final Cache<String, Jwt> verified = Caffeine.newBuilder()
		.maximumSize(MAX_ENTRIES)
		.expireAfter(Expiry.creating((String token, Jwt jwt) -> untilExpired(jwt)))
		// Upkeep on the calling thread: no pool thread for a cache this small, and sizes that tests can read.
		.executor(Runnable::run)
		.build();

	VerifiedTokenCache(JwtDecoder decoder, OAuth2TokenValidator<Jwt> onEveryUse) {
		this.decoder = decoder;
		this.onEveryUse = onEveryUse;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt cached = this.verified.getIfPresent(token);
		if (cached == null) {
			Jwt jwt = this.decoder.decode(token);
			this.verified.put(token, jwt);
			return jwt;
		}
		OAuth2TokenValidatorResult result = this.onEveryUse.validate(cached);
		if (result.hasErrors()) {
			this.verified.invalidate(token);
			throw new JwtValidationException(result.getErrors().iterator().next().getDescription(), result.getErrors());
		}
		return cached;
	}

	private static Duration untilExpired(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(Instant.now(), expiresAt.plus(PartnerTokenValidators.CLOCK_SKEW));
		return left.isNegative() ? Duration.ZERO : left;
	}

	long size() {
		this.verified.cleanUp();
		return this.verified.estimatedSize();
	}

}
