package com.restoration.partnerapi.orders.security;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A partner reuses one token for an hour, so what Spring Security builds for it is built once, not on every request:
 * the signature verified, the JSON parsed, and the authentication made (a {@link JwtAuthenticationToken} with the
 * token's scopes as {@code SCOPE_} authorities, by Spring's own {@link JwtAuthenticationConverter}). It is kept under
 * the token's exact compact form, so any changed byte is a miss and a full verification. What can change while a
 * token is cached, its expiry and its revocation, is checked on every hit, and a token refused leaves the cache.
 *
 * <p>
 * The bearer filter's {@link AuthenticationManager}, in place of Spring's {@code ProviderManager} and
 * {@code JwtAuthenticationProvider} (which would also publish an event per request), with their answers: a bad
 * token is a 401 ({@link InvalidBearerTokenException}), a token that cannot be checked a 503
 * ({@link AuthenticationServiceException}, {@link TokenFailureHandler}). The one authentication serves every
 * request with its token, so it carries no request details (Spring's would name the first request's address).
 *
 * <p>
 * A Caffeine cache of at most {@value #MAX_ENTRIES} tokens; each entry leaves when its token expires (plus the
 * allowed clock skew), and beyond the bound the tokens least likely to come back are evicted first, so a flood of
 * one-off tokens does not push out the partners' reused ones. Each lookup is counted as a hit or a miss
 * ({@link TokenMetrics}).
 */
final class VerifiedTokenCache implements AuthenticationManager {

	static final int MAX_ENTRIES = 10_000;

	private final JwtDecoder decoder;

	private final OAuth2TokenValidator<Jwt> onEveryUse;

	private final TokenMetrics metrics;

	private final JwtAuthenticationConverter authentications = new JwtAuthenticationConverter();

	private final Cache<String, JwtAuthenticationToken> verified = Caffeine.newBuilder()
		.maximumSize(MAX_ENTRIES)
		.expireAfter(Expiry.creating((String token, JwtAuthenticationToken authentication) -> untilExpired(
				authentication.getToken())))
		// Upkeep on the calling thread: no pool thread for a cache this small, and sizes that tests can read.
		.executor(Runnable::run)
		.build();

	VerifiedTokenCache(JwtDecoder decoder, OAuth2TokenValidator<Jwt> onEveryUse) {
		this(decoder, onEveryUse, new TokenMetrics());
	}

	VerifiedTokenCache(JwtDecoder decoder, OAuth2TokenValidator<Jwt> onEveryUse, TokenMetrics metrics) {
		this.decoder = decoder;
		this.onEveryUse = onEveryUse;
		this.metrics = metrics;
	}

	@Override
	public Authentication authenticate(Authentication bearer) {
		String token = ((BearerTokenAuthenticationToken) bearer).getToken();
		JwtAuthenticationToken cached = this.verified.getIfPresent(token);
		if (cached == null) {
			this.metrics.cacheMiss();
			JwtAuthenticationToken authentication = (JwtAuthenticationToken) this.authentications.convert(decode(token));
			this.verified.put(token, authentication);
			return authentication;
		}
		this.metrics.cacheHit();
		OAuth2TokenValidatorResult result = this.onEveryUse.validate(cached.getToken());
		if (result.hasErrors()) {
			this.verified.invalidate(token);
			throw new InvalidBearerTokenException(result.getErrors().iterator().next().getDescription());
		}
		return cached;
	}

	private Jwt decode(String token) {
		try {
			return this.decoder.decode(token);
		}
		catch (BadJwtException ex) {
			throw new InvalidBearerTokenException(ex.getMessage(), ex);
		}
		catch (JwtException ex) {
			throw new AuthenticationServiceException(ex.getMessage(), ex);
		}
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
