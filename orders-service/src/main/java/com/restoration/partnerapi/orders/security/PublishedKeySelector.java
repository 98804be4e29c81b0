package com.restoration.partnerapi.orders.security;

import java.security.Key;
import java.security.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The keys a token's signature may be checked with: the realm's signing keys ({@code use: sig}) whose {@code kid}
 * is the token's and whose published {@code alg} is exactly the token's {@code alg}, so the realm decides which
 * algorithms are accepted (ES256 and RS256 while both are published) and a token cannot pick another one for a key.
 *
 * <p>
 * Nimbus' own {@code JWSVerificationKeySelector} takes a fixed list of algorithms and also accepts a key published
 * without {@code alg}. Here a key without {@code alg} verifies nothing, nor does an RSA key for PS256 when it is
 * published for RS256, an EC key of another curve, or the realm's {@code use: enc} key. Only RSA and EC signatures:
 * never {@code none} or HMAC (whose secret would be our public key), and no EdDSA, which Nimbus verifies only with
 * Google Tink, not on this classpath. Public for the revocation stream's security event tokens, signed with the same
 * keys under the same rules.
 */
public final class PublishedKeySelector implements JWSKeySelector<SecurityContext> {

	static final Set<JWSAlgorithm> ACCEPTED = accepted();

	private final JWKSource<SecurityContext> keys;

	public PublishedKeySelector(JWKSource<SecurityContext> keys) {
		this.keys = keys;
	}

	@Override
	public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
		JWKMatcher matcher = matcher(header);
		if (matcher == null) {
			return List.of();
		}
		List<JWK> matching = this.keys.get(new JWKSelector(matcher), context);
		return KeyConverter.toJavaKeys(matching).stream().filter(PublicKey.class::isInstance).toList();
	}

	/** What a key must be to verify a token with this header; {@code null} when no key may. */
	public static JWKMatcher matcher(JWSHeader header) {
		JWSAlgorithm algorithm = header.getAlgorithm();
		if (!ACCEPTED.contains(algorithm) || header.getKeyID() == null) {
			return null;
		}
		JWKMatcher.Builder matcher = new JWKMatcher.Builder().keyID(header.getKeyID())
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(algorithm)
			.keyType(KeyType.forAlgorithm(algorithm));
		if (JWSAlgorithm.Family.EC.contains(algorithm)) {
			matcher.curves(Curve.forJWSAlgorithm(algorithm));
		}
		return matcher.build();
	}

	private static Set<JWSAlgorithm> accepted() {
		Set<JWSAlgorithm> accepted = new HashSet<>(JWSAlgorithm.Family.RSA);
		accepted.addAll(JWSAlgorithm.Family.EC);
		return Set.copyOf(accepted);
	}

}
