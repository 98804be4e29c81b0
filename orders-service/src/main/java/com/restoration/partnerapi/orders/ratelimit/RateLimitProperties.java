package com.restoration.partnerapi.orders.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many orders requests a partner may send, per orders-service instance.
 *
 * @param enabled  {@code orders.rate-limit.enabled}; {@code false}: no limit, and no RateLimit headers
 * @param requests {@code orders.rate-limit.requests}: requests per partner (the token's {@code azp}) in one window
 * @param window   {@code orders.rate-limit.window}: the window, in whole seconds (the RateLimit headers count in
 *                 seconds); a partner's first request starts its first window
 */
@ConfigurationProperties("orders.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("50") long requests,
		@DefaultValue("1s") Duration window) {

	public RateLimitProperties {
		if (requests < 1) {
			throw new IllegalArgumentException("orders.rate-limit.requests must be at least 1, not " + requests);
		}
		if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.toNanosPart() != 0) {
			throw new IllegalArgumentException(
					"orders.rate-limit.window must be whole seconds, at least 1s, not " + window);
		}
	}

}
