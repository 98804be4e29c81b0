package com.restoration.partnerapi.orders.security;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * Refuses before its signature is checked a token that would be refused after: a signature check is the dear part
 * of a new token (an ES256 one, about 2,000 a second per core), so a flood of forged tokens should cost less. From
 * the header and the unverified payload: not a signed JWT; an {@code alg} that is not RSA or EC; no {@code kid}; a
 * {@code kid} of a key we hold that is not a signing key for that {@code alg}; the claims every token must pass
 * (expiry, issuer, audience, {@code typ}), with the same checks and messages as after verification.
 *
 * <p>
 * Nothing read here is trusted: it can only refuse, and everything is checked again on the verified token. A
 * {@code kid} we do not hold is left to the verifier, whose key source looks it up (rate limited): it may be a
 * key the realm has just added. Looking at the keys we hold never fetches them (unless the cache is due anyway).
 */
final class UnverifiedTokenCheck implements JwtDecoder {

	private static final String DECODING_ERROR = "An error occurred while attempting to decode the Jwt: ";

	/** What Nimbus says when no key fits the header; the same here, whichever side of the signature refuses. */
	private static final String NO_MATCHING_KEY = DECODING_ERROR
			+ "Signed JWT rejected: Another algorithm expected, or no matching key(s) found";

	private static final JWKSelector ALL_KEYS = new JWKSelector(new JWKMatcher.Builder().build());

	private final MappedJwtClaimSetConverter claimSetConverter = MappedJwtClaimSetConverter.withDefaults(Map.of());

	private final JWKSource<SecurityContext> keys;

	private final OAuth2TokenValidator<Jwt> claims;

	private final JwtDecoder verifier;

	/**
	 * @param keys     the realm's keys, as the verifier gets them
	 * @param claims   the claim checks of the verified token that need nothing but the token
	 * @param verifier checks the signature and then every claim
	 */
	UnverifiedTokenCheck(JWKSource<SecurityContext> keys, OAuth2TokenValidator<Jwt> claims, JwtDecoder verifier) {
		this.keys = keys;
		this.claims = claims;
		this.verifier = verifier;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		SignedJWT jwt = signed(token);
		JWSHeader header = jwt.getHeader();
		JWKMatcher matcher = PublishedKeySelector.matcher(header);
		if (matcher == null) {
			throw new BadJwtException(NO_MATCHING_KEY);
		}
		List<JWK> held = heldKeys(header.getKeyID());
		if (!held.isEmpty() && held.stream().noneMatch(matcher::matches)) {
			throw new BadJwtException(NO_MATCHING_KEY);
		}
		OAuth2TokenValidatorResult result = this.claims.validate(unverified(token, jwt));
		if (result.hasErrors()) {
			throw new JwtValidationException(message(result), result.getErrors());
		}
		return this.verifier.decode(token);
	}

	private static SignedJWT signed(String token) {
		JWT jwt;
		try {
			jwt = JWTParser.parse(token);
		}
		catch (ParseException ex) {
			throw new BadJwtException(DECODING_ERROR + "Malformed token", ex);
		}
		if (jwt instanceof SignedJWT signed) {
			return signed;
		}
		if (jwt instanceof PlainJWT) {
			// NimbusJwtDecoder's words for the same token.
			throw new BadJwtException("Unsupported algorithm of " + jwt.getHeader().getAlgorithm());
		}
		throw new BadJwtException(NO_MATCHING_KEY);
	}

	/** The keys with this kid among those the source holds now. */
	private List<JWK> heldKeys(String kid) {
		List<JWK> held;
		try {
			// Matches every key, so it is answered from the cache: no look-up for a kid that is not there.
			held = this.keys.get(ALL_KEYS, null);
		}
		catch (KeySourceException ex) {
			// No keys at all (the realm unreachable since start-up): the verifier's failure, a 503, not a bad token.
			throw new JwtException(DECODING_ERROR + ex.getMessage(), ex);
		}
		return held.stream().filter((key) -> kid.equals(key.getKeyID())).toList();
	}

	private Jwt unverified(String token, SignedJWT jwt) {
		try {
			Map<String, Object> claims = this.claimSetConverter.convert(jwt.getJWTClaimsSet().getClaims());
			return Jwt.withTokenValue(token)
				.headers((headers) -> headers.putAll(jwt.getHeader().toJSONObject()))
				.claims((values) -> values.putAll(claims))
				.build();
		}
		catch (ParseException | RuntimeException ex) {
			throw new BadJwtException(DECODING_ERROR + "Malformed payload", ex);
		}
	}

	/** NimbusJwtDecoder's message for failed claims: the first description. */
	private static String message(OAuth2TokenValidatorResult result) {
		for (OAuth2Error error : result.getErrors()) {
			if (error.getDescription() != null && !error.getDescription().isEmpty()) {
				return DECODING_ERROR + error.getDescription();
			}
		}
		return "Unable to validate Jwt";
	}

}
