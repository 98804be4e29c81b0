package com.restoration.partnerapi.orders.security;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 */
final class VerifiedTokenCache implements JwtDecoder {

	static final int MAX_ENTRIES = 10_000;

	private final JwtDecoder decoder;
	private final OAuth2TokenValidator<Jwt> onEveryUse;
	private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

	VerifiedTokenCache(JwtDecoder decoder, OAuth2TokenValidator<Jwt> onEveryUse) {
		this.decoder = decoder;
		this.onEveryUse = onEveryUse;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt cached = this.verified.get(token);
		if (cached == null) {
			Jwt jwt = this.decoder.decode(token);
			remember(token, jwt);
			return jwt;
		}
		OAuth2TokenValidatorResult result = this.onEveryUse.validate(cached);
		if (result.hasErrors()) {
			this.verified.remove(token);
			throw new JwtValidationException(result.getErrors().iterator().next().getDescription(), result.getErrors());
		}
		return cached;
	}

	private void remember(String token, Jwt jwt) {
		if (this.verified.size() >= MAX_ENTRIES) {
			Instant now = Instant.now();
			this.verified.values().removeIf((entry) -> entry.getExpiresAt() == null || entry.getExpiresAt().isBefore(now));
			if (this.verified.size() >= MAX_ENTRIES) {
				this.verified.clear();
			}
		}
		this.verified.put(token, jwt);
	}

	int size() {
		return this.verified.size();
	}

}
