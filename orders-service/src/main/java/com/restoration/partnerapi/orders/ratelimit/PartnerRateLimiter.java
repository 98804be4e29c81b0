package com.restoration.partnerapi.orders.ratelimit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Each partner's request quota: {@code requests} per {@code window}, counted per client_id in this instance's memory
 * (Bucket4j). A partner's first request starts its window; all of the quota comes back at once when the window ends
 * (Bucket4j's interval refill), so within a window the remaining count is exactly the quota less the requests sent,
 * as the RateLimit header says.
 *
 * <p>
 * The buckets are kept in a Caffeine cache: one is dropped once its partner has been silent for a window (it would be
 * full again anyway), and at most {@value #MAX_PARTNERS} are kept. Each has the partner's counter of refused requests,
 * {@code orders_rate_limited_requests_total{client_id}}, looked up once when the bucket is made. The client_id is a
 * verified token's {@code azp}, so the label's values are the registered partners.
 */
public final class PartnerRateLimiter {

	static final int MAX_PARTNERS = 100_000;

	private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

	private final long requests;

	private final Duration window;

	private final String policy;

	private final TimeMeter clock;

	private final MeterRegistry meters;

	private final Cache<String, Quota> quotas;

	/** Made once: a method reference built per request would be an allocation per request. */
	private final Function<String, Quota> newQuota = this::newQuota;

	/** What a request may do, and what the RateLimit header says after it. */
	public record Decision(boolean allowed, long remaining, long resetSeconds) {
	}

	private record Quota(Bucket bucket, Counter refused) {
	}

	public PartnerRateLimiter(RateLimitProperties properties, MeterRegistry meters) {
		this(properties, meters, TimeMeter.SYSTEM_NANOTIME);
	}

	PartnerRateLimiter(RateLimitProperties properties, MeterRegistry meters, TimeMeter clock) {
		this.requests = properties.requests();
		this.window = properties.window();
		this.policy = "\"partner\";q=" + this.requests + ";w=" + this.window.toSeconds();
		this.clock = clock;
		this.meters = meters;
		this.quotas = Caffeine.newBuilder()
			.maximumSize(MAX_PARTNERS)
			.expireAfterAccess(this.window)
			.ticker(clock::currentTimeNanos)
			// Upkeep on the calling thread, as for the verified-token cache: no pool thread for this.
			.executor(Runnable::run)
			.build();
	}

	/** Takes one request from the partner's quota, if one is left. */
	public Decision consume(String clientId) {
		Quota quota = this.quotas.get(clientId, this.newQuota);
		ConsumptionProbe probe = quota.bucket().tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			return new Decision(true, probe.getRemainingTokens(), seconds(probe.getNanosToWaitForReset()));
		}
		quota.refused().increment();
		// At least a second: the next window may start within this one, but Retry-After counts whole seconds.
		return new Decision(false, 0, Math.max(1, seconds(probe.getNanosToWaitForRefill())));
	}

	long requests() {
		return this.requests;
	}

	Duration window() {
		return this.window;
	}

	/** The {@code RateLimit-Policy} header: the quota and its window in seconds. */
	public String policy() {
		return this.policy;
	}

	private Quota newQuota(String clientId) {
		Bucket bucket = Bucket.builder()
			.addLimit((limit) -> limit.capacity(this.requests).refillIntervally(this.requests, this.window))
			.withCustomTimePrecision(this.clock)
			// A lock rather than lock-free updates: no copy of the bucket's state per request.
			.withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED)
			.build();
		Counter refused = Counter.builder("orders.rate.limited.requests")
			.description("Requests refused with 429 because the partner's quota was used up")
			.tag("client_id", clientId)
			.register(this.meters);
		return new Quota(bucket, refused);
	}

	/** Whole seconds, rounded up: "1" while any part of a second is left. */
	private static long seconds(long nanos) {
		return (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
	}

}
