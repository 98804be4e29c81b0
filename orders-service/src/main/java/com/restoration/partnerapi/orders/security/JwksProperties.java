package com.restoration.partnerapi.orders.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the realm's signing keys are kept (the keys themselves come from
 * {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}).
 *
 * @param cacheTtl {@code orders.jwks.cache-ttl}: how long fetched keys are used before they are fetched again
 *                 (5 minutes by default; refreshed ahead of that, and kept while the realm is unreachable), so
 *                 also how long a key the realm removed is still accepted. A key the realm adds is fetched at
 *                 once when a token names it (at most once per 30 s, or per half of this time).
 */
@ConfigurationProperties("orders.jwks")
public record JwksProperties(Duration cacheTtl) {

	/** Below this, the refresh and rate-limit intervals derived from it (a fifth, a half) mean little. */
	static final Duration MINIMUM_CACHE_TTL = Duration.ofSeconds(1);

	public JwksProperties {
		cacheTtl = (cacheTtl == null) ? JwksKeySource.DEFAULT_CACHE_TTL : cacheTtl;
		if (cacheTtl.compareTo(MINIMUM_CACHE_TTL) < 0) {
			throw new IllegalArgumentException("orders.jwks.cache-ttl must be at least 1s, not " + cacheTtl);
		}
	}

}
