package com.restoration.partnerapi.orders.security;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

/**
 * The realm's signing keys, fetched from its JWKS URI.
 *
 * <p>
 * Spring Security's {@code NimbusJwtDecoder.withJwkSetUri} builds a plain 5-minute cache with no outage
 * tolerance, so validation would stop five minutes into a Keycloak outage. This source keeps the last keys
 * it fetched until a fetch succeeds again, refreshes them ahead of expiry, and looks an unknown {@code kid}
 * up once (rate limited, so forged kids cannot turn this service into a load generator for Keycloak).
 */
public final class JwksKeySource {

	public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

	private JwksKeySource() {
	}

	public static JWKSource<SecurityContext> create(String jwkSetUri, Duration cacheTtl) {
		long ttl = cacheTtl.toMillis();
		long refreshTimeout = Math.min(5_000L, ttl / 5);
		JWKSource<SecurityContext> source = JWKSourceBuilder
			.<SecurityContext>create(toUrl(jwkSetUri), new DefaultResourceRetriever(2_000, 2_000, 512 * 1024))
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

	private static URL toUrl(String jwkSetUri) {
		try {
			return URI.create(jwkSetUri).toURL();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a valid JWKS URI: " + jwkSetUri, ex);
		}
	}

}
