package com.restoration.partnerapi.orders.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.restoration.partnerapi.orders.ratelimit.PartnerRateLimiter.Decision;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The quota's arithmetic, on a clock the test moves: what the RateLimit header and Retry-After will say. */
class PartnerRateLimiterTest {

	private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final PartnerRateLimiter limiter = limiter(5, Duration.ofSeconds(10));

	@Test
	void remainingIsTheQuotaLessTheRequestsOfTheWindow() {
		for (int sent = 1; sent <= 5; sent++) {
			assertThat(this.limiter.consume("partner-a")).isEqualTo(new Decision(true, 5 - sent, 10));
		}
	}

	@Test
	void resetCountsDownToTheWindowsEndInWholeSecondsRoundedUp() {
		this.limiter.consume("partner-a");

		advance(Duration.ofMillis(2_500));
		assertThat(this.limiter.consume("partner-a")).isEqualTo(new Decision(true, 3, 8));
		advance(Duration.ofMillis(7_400));
		assertThat(this.limiter.consume("partner-a")).isEqualTo(new Decision(true, 2, 1));
	}

	@Test
	void beyondTheQuotaRefusesUntilTheWindowEndsThenAllOfItIsBack() {
		for (int i = 0; i < 5; i++) {
			this.limiter.consume("partner-a");
		}
		advance(Duration.ofSeconds(3));

		assertThat(this.limiter.consume("partner-a")).isEqualTo(new Decision(false, 0, 7));
		advance(Duration.ofMillis(6_999));
		assertThat(this.limiter.consume("partner-a")).isEqualTo(new Decision(false, 0, 1));

		advance(Duration.ofMillis(1));
		assertThat(this.limiter.consume("partner-a")).isEqualTo(new Decision(true, 4, 10));
	}

	@Test
	void aPartnerSilentForLongerThanAWindowHasItsWholeQuota() {
		this.limiter.consume("partner-a");
		this.limiter.consume("partner-a");

		advance(Duration.ofSeconds(25));

		assertThat(this.limiter.consume("partner-a")).isEqualTo(new Decision(true, 4, 10));
	}

	@Test
	void onePartnersUseLeavesAnothersQuotaWhole() {
		for (int i = 0; i < 7; i++) {
			this.limiter.consume("partner-a");
		}

		assertThat(this.limiter.consume("partner-b")).isEqualTo(new Decision(true, 4, 10));
	}

	@Test
	void countsRefusedRequestsPerClientId() {
		for (int i = 0; i < 8; i++) {
			this.limiter.consume("partner-a");
		}
		this.limiter.consume("partner-b");

		assertThat(this.meters.get("orders.rate.limited.requests").tag("client_id", "partner-a").counter().count())
			.isEqualTo(3);
		assertThat(this.meters.get("orders.rate.limited.requests").tag("client_id", "partner-b").counter().count())
			.isZero();
	}

	@Test
	void thePolicyHeaderNamesTheQuotaAndTheWindowInSeconds() {
		assertThat(this.limiter.policy()).isEqualTo("\"partner\";q=5;w=10");
		assertThat(limiter(50, Duration.ofSeconds(1)).policy()).isEqualTo("\"partner\";q=50;w=1");
	}

	@Test
	void aWindowIsWholeSecondsAndAQuotaAtLeastOneRequest() {
		assertThatThrownBy(() -> new RateLimitProperties(true, 50, Duration.ofMillis(1_500)))
			.hasMessageContaining("orders.rate-limit.window must be whole seconds");
		assertThatThrownBy(() -> new RateLimitProperties(true, 50, Duration.ofMillis(500)))
			.hasMessageContaining("orders.rate-limit.window");
		assertThatThrownBy(() -> new RateLimitProperties(true, 0, Duration.ofSeconds(1)))
			.hasMessageContaining("orders.rate-limit.requests must be at least 1");
	}

	private PartnerRateLimiter limiter(long requests, Duration window) {
		TimeMeter clock = new TimeMeter() {
			@Override
			public long currentTimeNanos() {
				return PartnerRateLimiterTest.this.nanos.get();
			}

			@Override
			public boolean isWallClockBased() {
				return false;
			}
		};
		return new PartnerRateLimiter(new RateLimitProperties(true, requests, window), this.meters, clock);
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
