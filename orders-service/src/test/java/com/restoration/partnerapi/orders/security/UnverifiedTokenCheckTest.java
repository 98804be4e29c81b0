package com.restoration.partnerapi.orders.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.restoration.partnerapi.orders.support.FakeRealm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Tokens refused before their signature is checked: each refusal here leaves the verifying decoder (signature,
 * then every claim) untouched, and says what the verifier would have said.
 */
class UnverifiedTokenCheckTest {

	private final FakeRealm realm = new FakeRealm();

	private final List<String> verified = new ArrayList<>();

	private final JwtDecoder production = JwtDecoderConfiguration.partnerTokenDecoder(this.realm.jwkSetUri(),
			this.realm.issuer(), List.of(FakeRealm.AUDIENCE), List.of());

	private final UnverifiedTokenCheck check = new UnverifiedTokenCheck(
			JwksKeySource.create(this.realm.jwkSetUri(), JwksKeySource.DEFAULT_CACHE_TTL),
			PartnerTokenValidators.create(this.realm.issuer(), List.of(FakeRealm.AUDIENCE), List.of()), (token) -> {
				this.verified.add(token);
				return this.production.decode(token);
			});

	@AfterEach
	void stopRealm() {
		this.realm.close();
	}

	@Test
	void passesAValidTokenOnToBeVerified() {
		String token = FakeRealm.sign(this.realm.claims("partner-a").build(), this.realm.ecSigningKey());

		assertThat(this.check.decode(token).getClaimAsString("azp")).isEqualTo("partner-a");
		assertThat(this.verified).containsExactly(token);
	}

	@Test
	void refusesWhatIsNoSignedJwt() {
		assertRefused("not-a-token", "Malformed token");
		assertRefused("eyJhbGciOiJFUzI1NiJ9.e30", "Malformed token");
		assertRefused(new PlainJWT(this.realm.claims("partner-a").build()).serialize(), "Unsupported algorithm of none");
	}

	@Test
	void refusesAnHmacTokenKeyedWithTheRealmsPublicKey() throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.realm.signingKey().getKeyID()).build(),
				this.realm.claims("partner-a").build());
		jwt.sign(new MACSigner(this.realm.signingKey().toRSAPublicKey().getEncoded()));

		assertRefused(jwt.serialize(), "Signed JWT rejected");
	}

	@Test
	void refusesATokenWithoutKid() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
				this.realm.claims("partner-a").build());
		jwt.sign(new RSASSASigner(this.realm.signingKey()));

		assertRefused(jwt.serialize(), "Signed JWT rejected");
	}

	@Test
	void refusesAnAlgorithmThatTheHeldKeyOfItsKidIsNotPublishedFor() {
		// The realm's RSA key, published for RS256: PS256 by that key, and ES256 by some EC key under its kid.
		assertRefused(FakeRealm.sign(this.realm.claims("partner-a").build(), this.realm.signingKey(),
				JWSAlgorithm.PS256), "Signed JWT rejected");
		assertRefused(FakeRealm.sign(this.realm.claims("partner-a").build(),
				FakeRealm.newEcKey(this.realm.signingKey().getKeyID())), "Signed JWT rejected");
	}

	@Test
	void refusesAnExpiredTokenBeyondTheClockSkew() {
		Instant past = Instant.now().minus(PartnerTokenValidators.CLOCK_SKEW).minusSeconds(5);

		assertRefused(token((claims) -> claims.issueTime(Date.from(past.minus(Duration.ofHours(1))))
			.expirationTime(Date.from(past))), "Jwt expired at");
	}

	@Test
	void refusesATokenOfAnotherIssuer() {
		assertRefused(token((claims) -> claims.issuer(this.realm.baseUrl() + "/realms/master")),
				"The iss claim is not valid");
	}

	@Test
	void refusesATokenForAnotherAudience() {
		assertRefused(token((claims) -> claims.audience(List.of("account"))), "The aud claim is not valid");
	}

	@Test
	void refusesATokenThatIsNoAccessToken() {
		assertRefused(token((claims) -> claims.claim("typ", "Refresh")), "The typ claim is not valid");
	}

	@Test
	void leavesAKidItDoesNotHoldToTheVerifiersLookUp() {
		this.check.decode(this.realm.token("partner-a"));
		// A key the realm adds after ours were fetched (its first ES256 key, say).
		ECKey added = FakeRealm.newEcKey("realm-ec-key-2");
		this.realm.publish(this.realm.signingKey(), this.realm.ecSigningKey(), added);
		String token = FakeRealm.sign(this.realm.claims("partner-a").build(), added);

		assertThat(this.check.decode(token).getHeaders()).containsEntry("kid", "realm-ec-key-2");
		assertThat(this.verified).endsWith(token);
	}

	private String token(Consumer<JWTClaimsSet.Builder> claims) {
		JWTClaimsSet.Builder builder = this.realm.claims("partner-a");
		claims.accept(builder);
		return FakeRealm.sign(builder.build(), this.realm.ecSigningKey());
	}

	private void assertRefused(String token, String reason) {
		assertThatThrownBy(() -> this.check.decode(token)).isInstanceOf(BadJwtException.class)
			.hasMessageContaining(reason);
		assertThat(this.verified).as("tokens whose signature was checked").isEmpty();
	}

}
