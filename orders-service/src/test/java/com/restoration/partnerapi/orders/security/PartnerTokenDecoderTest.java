package com.restoration.partnerapi.orders.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.restoration.partnerapi.orders.api.ProblemResponses;
import com.restoration.partnerapi.orders.support.FakeRealm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;

/**
 * The production decoder against a local realm: what it accepts, what it rejects (a 401 with the reason in
 * {@code WWW-Authenticate}), how it gets its keys.
 */
class PartnerTokenDecoderTest {

	private static final ProblemResponses PROBLEMS = new ProblemResponses(JsonMapper.shared());

	private final FakeRealm realm = new FakeRealm();

	private JwtDecoder decoder = decoder(JwksKeySource.DEFAULT_CACHE_TTL);

	@AfterEach
	void stopRealm() {
		this.realm.close();
	}

	@Test
	void acceptsKeycloakShapedAccessToken() {
		Jwt jwt = this.decoder.decode(this.realm.token("partner-a"));

		assertThat(jwt.getClaimAsString("azp")).isEqualTo("partner-a");
		assertThat(jwt.getAudience()).contains("orders-service");
	}

	@Test
	void acceptsAudienceGivenAsSingleString() {
		Jwt jwt = this.decoder.decode(this.realm.token("partner-a", (claims) -> claims.audience("orders-service")));

		assertThat(jwt.getAudience()).containsExactly("orders-service");
	}

	@Test
	void acceptsEs256TokenSignedWithThePublishedEcKey() {
		Jwt jwt = this.decoder.decode(FakeRealm.sign(this.realm.claims("partner-a").build(), this.realm.ecSigningKey()));

		assertThat(jwt.getHeaders()).containsEntry("alg", "ES256").containsEntry("kid", "realm-ec-key-1");
		assertThat(jwt.getClaimAsString("azp")).isEqualTo("partner-a");
	}

	@Test
	void acceptsRs256TokensWhileTheRealmPublishesTheirKey() throws Exception {
		this.decoder = decoder(Duration.ofSeconds(1));
		String rs256 = this.realm.token("partner-a");
		assertThat(this.decoder.decode(rs256).getHeaders()).containsEntry("alg", "RS256");

		this.realm.publish(this.realm.ecSigningKey()); // the switch-over is done: the RS256 key is withdrawn
		Thread.sleep(1_500); // past the cache time: the keys are fetched again

		assertRejected(this.realm.token("partner-b"), "Signed JWT rejected");
		assertThat(this.decoder.decode(FakeRealm.sign(this.realm.claims("partner-b").build(),
				this.realm.ecSigningKey())).getClaimAsString("azp")).isEqualTo("partner-b");
	}

	@Test
	void rejectsEs256HeaderNamingTheRsaKey() {
		// A valid ES256 signature (by some EC key) under the kid of the realm's RSA key.
		ECKey forger = FakeRealm.newEcKey(this.realm.signingKey().getKeyID());

		assertRejected(FakeRealm.sign(this.realm.claims("partner-a").build(), forger), "Signed JWT rejected");
	}

	@Test
	void rejectsPs256TokenOfTheRsaKeyPublishedForRs256() {
		// Signed with the realm's own RSA key, but with an algorithm the realm does not publish for it.
		String token = FakeRealm.sign(this.realm.claims("partner-a").build(), this.realm.signingKey(),
				JWSAlgorithm.PS256);

		assertRejected(token, "Signed JWT rejected");
	}

	@Test
	void rejectsEs384TokenNamingTheEcKeyPublishedForEs256() throws Exception {
		ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID(this.realm.ecSigningKey().getKeyID()).generate();

		assertRejected(FakeRealm.sign(this.realm.claims("partner-a").build(), p384, JWSAlgorithm.ES384),
				"Signed JWT rejected");
	}

	@Test
	void aKeyPublishedWithoutAlgVerifiesNothing() throws Exception {
		RSAKey noAlg = new RSAKeyGenerator(2048).keyID("no-alg").keyUse(KeyUse.SIGNATURE).generate();
		this.realm.publish(this.realm.signingKey(), this.realm.ecSigningKey(), noAlg);

		assertRejected(FakeRealm.sign(this.realm.claims("partner-a").build(), noAlg, JWSAlgorithm.RS256),
				"Signed JWT rejected");
	}

	@Test
	void theRealmsEncryptionKeyVerifiesNothing() throws Exception {
		RSAKey encryption = new RSAKeyGenerator(2048).keyID("enc-key").keyUse(KeyUse.ENCRYPTION)
			.algorithm(JWEAlgorithm.RSA_OAEP).generate();
		this.realm.publish(this.realm.signingKey(), this.realm.ecSigningKey(), encryption);

		assertRejected(FakeRealm.sign(this.realm.claims("partner-a").build(), encryption, JWSAlgorithm.RS256),
				"Signed JWT rejected");
	}

	@Test
	void anEcKeyOfAnotherCurveVerifiesNothingForEs256() throws Exception {
		// A P-384 key published for ES256 (a realm misconfigured): the token's 401, not a server error.
		ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.ES256).generate();
		this.realm.publish(this.realm.signingKey(), this.realm.ecSigningKey(), p384);

		assertRejected(FakeRealm.sign(this.realm.claims("partner-a").build(), FakeRealm.newEcKey("p384")),
				"Signed JWT rejected");
	}

	@Test
	void rejectsExpiredToken() {
		Instant past = Instant.now().minus(Duration.ofMinutes(2));
		String token = this.realm.token("partner-a", (claims) -> claims.expirationTime(Date.from(past))
			.issueTime(Date.from(past.minus(Duration.ofMinutes(5)))));

		assertRejected(token, "expired");
	}

	@Test
	void toleratesSmallClockSkewButNotMore() {
		Instant issued = Instant.now().minus(Duration.ofMinutes(5));
		String justExpired = this.realm.token("partner-a", (claims) -> claims.issueTime(Date.from(issued))
			.expirationTime(Date.from(Instant.now().minusSeconds(10))));
		String longExpired = this.realm.token("partner-a", (claims) -> claims.issueTime(Date.from(issued))
			.expirationTime(Date.from(Instant.now().minusSeconds(45))));

		assertThat(this.decoder.decode(justExpired)).isNotNull();
		assertRejected(longExpired, "expired");
	}

	@Test
	void rejectsTokenNotYetValid() {
		String token = this.realm.token("partner-a",
				(claims) -> claims.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(2)))));

		assertRejected(token, "used before");
	}

	@Test
	void rejectsTokenWithoutExpiry() {
		assertRejected(this.realm.token("partner-a", (claims) -> claims.expirationTime(null)), "exp");
	}

	@Test
	void rejectsUnsignedTokenWithAlgNone() {
		String token = new PlainJWT(this.realm.claims("partner-a").build()).serialize();

		assertRejected(token, "none");
	}

	@Test
	void rejectsHs256TokenKeyedWithTheRealmsPublicKey() throws Exception {
		RSAKey realmKey = this.realm.signingKey();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(realmKey.getKeyID()).build(),
				this.realm.claims("partner-a").build());
		jwt.sign(new MACSigner(realmKey.toRSAPublicKey().getEncoded()));

		assertRejected(jwt.serialize(), "Signed JWT rejected");
	}

	@Test
	void rejectsTokenSignedByAnotherKeyWithTheSameKid() {
		RSAKey impostor = FakeRealm.newKey(this.realm.signingKey().getKeyID());
		String token = FakeRealm.sign(this.realm.claims("partner-a").build(), impostor);

		assertRejected(token, "Invalid signature");
	}

	@Test
	void rejectsTamperedPayload() {
		String[] parts = this.realm.token("partner-a").split("\\.");
		Map<String, Object> claims = JsonMapper.shared().readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
		claims.put("azp", "partner-b");
		String payload = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(JsonMapper.shared().writeValueAsString(claims).getBytes(StandardCharsets.UTF_8));

		assertRejected(parts[0] + "." + payload + "." + parts[2], "Invalid signature");
	}

	@Test
	void rejectsTokenOfAnotherRealm() {
		String token = this.realm.token("partner-a",
				(claims) -> claims.issuer(this.realm.baseUrl() + "/realms/master"));

		assertRejected(token, "iss");
	}

	@Test
	void rejectsTokenForAnotherAudience() {
		assertRejected(this.realm.token("partner-a", (claims) -> claims.audience(List.of("account"))), "aud");
	}

	@Test
	void rejectsTokenWithoutAudience() {
		assertRejected(this.realm.token("partner-a", (claims) -> claims.audience((String) null)), "aud");
	}

	@Test
	void rejectsIdTokenOfTheRealm() {
		assertRejected(this.realm.token("partner-a", (claims) -> claims.claim("typ", "ID")), "typ");
	}

	@Test
	void runsAdditionalValidatorsOfTheChain() {
		JwtDecoder withRevocation = JwtDecoderConfiguration.partnerTokenDecoder(this.realm.jwkSetUri(),
				this.realm.issuer(), List.of("orders-service"),
				List.of((jwt) -> OAuth2TokenValidatorResult.failure(
						new org.springframework.security.oauth2.core.OAuth2Error("invalid_token", "revoked", null))));

		assertThatThrownBy(() -> withRevocation.decode(this.realm.token("partner-a")))
			.isInstanceOf(BadJwtException.class)
			.hasMessageContaining("revoked");
	}

	@Test
	void fetchesTheKeysOnceForManyTokens() {
		for (int i = 0; i < 20; i++) {
			this.decoder.decode(this.realm.token("partner-" + i));
		}

		assertThat(this.realm.jwksFetches()).isEqualTo(1);
	}

	@Test
	void picksUpARotatedKeyWithoutRestart() {
		this.decoder.decode(this.realm.token("partner-a"));
		RSAKey rotated = FakeRealm.newKey("realm-key-2");
		this.realm.publish(rotated, this.realm.signingKey());

		Jwt jwt = this.decoder.decode(FakeRealm.sign(this.realm.claims("partner-a").build(), rotated));

		assertThat(jwt.getHeaders()).containsEntry("kid", "realm-key-2");
		assertThat(this.realm.jwksFetches()).isEqualTo(2);
	}

	@Test
	void unknownKidsDoNotMakeItHammerTheRealm() {
		this.decoder.decode(this.realm.token("partner-a"));
		for (int i = 0; i < 30; i++) {
			String token = FakeRealm.sign(this.realm.claims("partner-a").build(), FakeRealm.newKey("forged-" + i));
			assertRejected(token, "Signed JWT rejected");
		}

		assertThat(this.realm.jwksFetches()).isLessThanOrEqualTo(3);
	}

	@Test
	void keepsValidatingWithKnownKeysWhileTheRealmIsDown() throws Exception {
		this.decoder = decoder(Duration.ofSeconds(1));
		this.decoder.decode(this.realm.token("partner-a"));
		this.realm.setAvailable(false);

		Thread.sleep(1_500); // the cache entry has expired: the refresh fails and the known keys stay in use

		assertThat(this.decoder.decode(this.realm.token("partner-b")).getClaimAsString("azp")).isEqualTo("partner-b");
		assertThat(this.realm.jwksFetches()).isGreaterThan(1);
	}

	@Test
	void startsWithoutTheRealmAndValidatesOnceItIsUp() throws Exception {
		this.realm.setAvailable(false);
		this.decoder = decoder(Duration.ofSeconds(1));

		// A server-side failure, not a bad token.
		MockHttpServletResponse unavailable = answer(this.realm.token("partner-a"));
		assertThat(unavailable.getStatus()).isEqualTo(503);
		assertThat(unavailable.getHeader("Retry-After")).isEqualTo("5");

		this.realm.setAvailable(true);
		Thread.sleep(600); // past the rate limit of the failed look-up
		assertThat(this.decoder.decode(this.realm.token("partner-a")).getClaimAsString("azp")).isEqualTo("partner-a");
	}

	private JwtDecoder decoder(Duration cacheTtl) {
		return JwtDecoderConfiguration.partnerTokenDecoder(
				JwksKeySource.create(this.realm.jwkSetUri(), cacheTtl, new TokenMetrics()), this.realm.issuer(),
				List.of("orders-service"), List.of());
	}

	/** A 401 with the reason in its challenge, as the service answers it. */
	private void assertRejected(String token, String reason) {
		MockHttpServletResponse response = answer(token);

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"")
			.contains(reason);
	}

	/** What the service answers a request with this token, from its bearer filter on (with a cache of its own). */
	private MockHttpServletResponse answer(String token) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/accounts/partner-a/orders");
		request.addHeader("Authorization", "Bearer " + token);
		MockHttpServletResponse response = new MockHttpServletResponse();
		ProblemDetailsAuthenticationEntryPoint entryPoint = new ProblemDetailsAuthenticationEntryPoint(PROBLEMS);
		BearerTokenAuthenticationFilter filter = new BearerTokenAuthenticationFilter(
				new VerifiedTokenCache(this.decoder, PartnerTokenValidators.onEveryUse(List.of())));
		filter.setAuthenticationFailureHandler(new TokenFailureHandler(entryPoint, PROBLEMS));
		try {
			filter.doFilter(request, response, new MockFilterChain());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return response;
	}

}
