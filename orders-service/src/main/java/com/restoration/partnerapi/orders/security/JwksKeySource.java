package com.restoration.partnerapi.orders.security;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

/**
 * The realm's signing keys, fetched from its JWKS URI.
 *
 * <p>
 * Spring Security's {@code NimbusJwtDecoder.withJwkSetUri} builds a plain 5-minute cache with no outage
 * tolerance, so validation would stop five minutes into a Keycloak outage. This source keeps the last keys
 * it fetched until a fetch succeeds again, refreshes them ahead of expiry, and looks an unknown {@code kid}
 * up once (rate limited, so forged kids cannot turn this service into a load generator for Keycloak). Each fetch
 * (a retry is one more) is counted as a success or a failure in {@link TokenMetrics}: a JWKS that is unreachable,
 * answers an error or is not a key set is a failure.
 */
public final class JwksKeySource {

	public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

	private JwksKeySource() {
	}

	public static JWKSource<SecurityContext> create(String jwkSetUri, Duration cacheTtl) {
		return create(jwkSetUri, cacheTtl, new TokenMetrics());
	}

	static JWKSource<SecurityContext> create(String jwkSetUri, Duration cacheTtl, TokenMetrics metrics) {
		long ttl = cacheTtl.toMillis();
		long refreshTimeout = Math.min(5_000L, ttl / 5);
		JWKSetSource<SecurityContext> fetches = counted(
				new URLBasedJWKSetSource<>(toUrl(jwkSetUri), new DefaultResourceRetriever(2_000, 2_000, 512 * 1024)),
				metrics);
		JWKSource<SecurityContext> source = JWKSourceBuilder.create(fetches)
			.cache(ttl, refreshTimeout)
			.refreshAheadCache(ttl / 5, false)
			.rateLimited(Math.min(30_000L, ttl / 2))
			.retrying(true)
			.outageTolerantForever()
			.build();
		// A kid we may not look up again yet is simply not trusted: 401, not a server error.
		return (selector, context) -> {
			try {
				return source.get(selector, context);
			}
			catch (RateLimitReachedException ex) {
				return List.of();
			}
		};
	}

	/** The fetches themselves, beneath the cache, the retry and the outage tolerance: each one counted. */
	private static JWKSetSource<SecurityContext> counted(JWKSetSource<SecurityContext> fetches, TokenMetrics metrics) {
		return new JWKSetSource<>() {
			@Override
			public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime,
					SecurityContext context) throws KeySourceException {
				try {
					JWKSet keys = fetches.getJWKSet(refreshEvaluator, currentTime, context);
					metrics.jwksFetched();
					return keys;
				}
				catch (KeySourceException | RuntimeException ex) {
					metrics.jwksFetchFailed();
					throw ex;
				}
			}

			@Override
			public void close() throws IOException {
				fetches.close();
			}
		};
	}

	private static URL toUrl(String jwkSetUri) {
		try {
			return URI.create(jwkSetUri).toURL();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a valid JWKS URI: " + jwkSetUri, ex);
		}
	}

}
