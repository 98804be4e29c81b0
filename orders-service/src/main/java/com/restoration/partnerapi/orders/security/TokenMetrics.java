package com.restoration.partnerapi.orders.security;

import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What the token path counts, published once the actuator's registry binds it (Prometheus names):
 * {@code orders_token_cache_lookups_total{result="hit"|"miss"}}, the verified-token cache's lookups
 * ({@link VerifiedTokenCache}), and {@code orders_jwks_refreshes_total{outcome="success"|"failure"}}, the fetches of
 * the realm's keys ({@link JwksKeySource}). Counting is a {@link LongAdder} increment: no meter is looked up, and
 * nothing is allocated, per request. Without a registry (the web-slice tests) the counts are kept and not published.
 */
final class TokenMetrics implements MeterBinder {

	private final LongAdder cacheHits = new LongAdder();

	private final LongAdder cacheMisses = new LongAdder();

	private final LongAdder jwksSuccesses = new LongAdder();

	private final LongAdder jwksFailures = new LongAdder();

	void cacheHit() {
		this.cacheHits.increment();
	}

	void cacheMiss() {
		this.cacheMisses.increment();
	}

	void jwksFetched() {
		this.jwksSuccesses.increment();
	}

	void jwksFetchFailed() {
		this.jwksFailures.increment();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		String lookups = "Lookups of a token in the verified-token cache: a miss verifies the token's signature";
		counter(registry, "orders.token.cache.lookups", lookups, "result", "hit", this.cacheHits);
		counter(registry, "orders.token.cache.lookups", lookups, "result", "miss", this.cacheMisses);
		String refreshes = "Fetches of the realm's signing keys (JWKS)";
		counter(registry, "orders.jwks.refreshes", refreshes, "outcome", "success", this.jwksSuccesses);
		counter(registry, "orders.jwks.refreshes", refreshes, "outcome", "failure", this.jwksFailures);
	}

	private static void counter(MeterRegistry registry, String name, String description, String tag, String value,
			LongAdder count) {
		FunctionCounter.builder(name, count, LongAdder::doubleValue).description(description).tag(tag, value)
			.register(registry);
	}

}
