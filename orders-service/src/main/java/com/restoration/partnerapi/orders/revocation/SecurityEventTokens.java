package com.restoration.partnerapi.orders.revocation;

import java.security.Key;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.restoration.partnerapi.orders.security.PublishedKeySelector;

/**
 * Verifies the Security Event Tokens (RFC 8417) of the SSF stream: a signed JWT of {@code typ}
 * {@code secevent+jwt}, signed with one of the realm's published keys under the same rules as an access token
 * ({@link PublishedKeySelector}: RSA or EC, the key's own {@code alg}, never {@code none} or HMAC), from our issuer,
 * addressed to our client, with a {@code jti} (the one it was delivered under), an {@code iat} and {@code events}.
 * What fails is an {@link Invalid} with the RFC 8936 error code the transmitter is told; its description repeats
 * nothing of an unverified header, and only claims of a SET whose signature verified.
 */
final class SecurityEventTokens {

	static final String TYPE = "secevent+jwt";

	private final PublishedKeySelector keys;

	private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

	private final String issuer;

	private final String audience;

	SecurityEventTokens(JWKSource<SecurityContext> keys, String issuer, String audience) {
		this.keys = new PublishedKeySelector(keys);
		this.issuer = issuer;
		this.audience = audience;
	}

	/**
	 * The SET delivered under {@code jti}, verified.
	 * @throws Invalid if it is not a valid SET for us
	 * @throws KeySourceException if the realm's keys cannot be had at all: nothing is known about the SET then
	 */
	SecurityEvent verify(String jti, String compact) throws Invalid, KeySourceException {
		SignedJWT set = parse(compact);
		JWSHeader header = set.getHeader();
		if (!isSecurityEventType(header.getType())) {
			throw new Invalid("invalid_request", "typ is not " + TYPE);
		}
		verifySignature(set, header);
		JWTClaimsSet claims = claims(set);
		if (!this.issuer.equals(claims.getIssuer())) {
			throw new Invalid("invalid_issuer", "iss is " + claims.getIssuer() + ", not " + this.issuer);
		}
		if (claims.getAudience() == null || !claims.getAudience().contains(this.audience)) {
			throw new Invalid("invalid_audience", "aud " + claims.getAudience() + " does not name " + this.audience);
		}
		if (!jti.equals(claims.getJWTID())) {
			throw new Invalid("invalid_request", "jti is " + claims.getJWTID() + ", not the " + jti + " it came under");
		}
		if (claims.getIssueTime() == null) {
			throw new Invalid("invalid_request", "no iat");
		}
		Map<String, Object> events = jsonObject(claims, "events");
		if (events == null || events.isEmpty()) {
			throw new Invalid("invalid_request", "no events");
		}
		return new SecurityEvent(jti, claims.getIssueTime().toInstant(), jsonObject(claims, "sub_id"), events);
	}

	/** {@code secevent+jwt}, or its media type {@code application/secevent+jwt}, in any case (RFC 7515 4.1.9). */
	private static boolean isSecurityEventType(JOSEObjectType type) {
		if (type == null) {
			return false;
		}
		String value = type.getType().toLowerCase(Locale.ROOT);
		return value.equals(TYPE) || value.equals("application/" + TYPE);
	}

	private void verifySignature(SignedJWT set, JWSHeader header) throws Invalid, KeySourceException {
		if (PublishedKeySelector.matcher(header) == null) {
			throw new Invalid("invalid_key", "alg is not RSA or EC, or there is no kid");
		}
		List<? extends Key> candidates = this.keys.selectJWSKeys(header, null);
		if (candidates.isEmpty()) {
			throw new Invalid("invalid_key", "no published signing key has its kid and alg", true);
		}
		for (Key key : candidates) {
			try {
				if (set.verify(this.verifiers.createJWSVerifier(header, key))) {
					return;
				}
			}
			catch (JOSEException ex) {
				// Not verified with this key; another may do.
			}
		}
		throw new Invalid("invalid_key", "the signature does not verify with the published key of its kid");
	}

	private static SignedJWT parse(String compact) throws Invalid {
		try {
			return SignedJWT.parse(compact);
		}
		catch (ParseException | RuntimeException ex) {
			throw new Invalid("invalid_request", "not a signed JWT");
		}
	}

	private static JWTClaimsSet claims(SignedJWT set) throws Invalid {
		try {
			return set.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new Invalid("invalid_request", "the claims are not a JSON object");
		}
	}

	private static Map<String, Object> jsonObject(JWTClaimsSet claims, String name) throws Invalid {
		try {
			return claims.getJSONObjectClaim(name);
		}
		catch (ParseException ex) {
			throw new Invalid("invalid_request", name + " is not a JSON object");
		}
	}

	/**
	 * A verified SET.
	 * @param jti      its {@code jti}
	 * @param issuedAt its {@code iat}
	 * @param subId    its {@code sub_id}, or {@code null}
	 * @param events   its {@code events}: event type to event
	 */
	record SecurityEvent(String jti, Instant issuedAt, Map<String, Object> subId, Map<String, Object> events) {
	}

	/** A SET that is not to be applied, with its RFC 8936 error code ({@code err}) and {@code description}. */
	static final class Invalid extends Exception {

		private final String err;

		private final boolean unknownKey;

		Invalid(String err, String description) {
			this(err, description, false);
		}

		Invalid(String err, String description, boolean unknownKey) {
			super(description, null, false, false);
			this.err = err;
			this.unknownKey = unknownKey;
		}

		String err() {
			return this.err;
		}

		/**
		 * Whether no published key has the SET's {@code kid} (for its {@code alg}) yet: a key the realm has just
		 * added may not be fetched yet (unknown kids are looked up at most once per rate-limit interval), so the SET
		 * is worth another try before it is reported.
		 */
		boolean unknownKey() {
			return this.unknownKey;
		}

	}

}
