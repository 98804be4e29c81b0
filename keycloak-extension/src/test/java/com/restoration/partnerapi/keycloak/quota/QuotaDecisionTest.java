package com.restoration.partnerapi.keycloak.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The RateLimit headers and Retry-After a partner reads off a token response. */
class QuotaDecisionTest {

    private static final TokenQuota ENFORCED = new TokenQuota(5, 8, TokenQuota.Mode.ENFORCE);

    @Test
    void headersNameEachWindowItsQuotaWhatIsLeftAndWhenItResets() {
        QuotaDecision decision = new QuotaDecision(ENFORCED, List.of(
                new QuotaDecision.WindowUsage(Window.HOUR, 5, 2, 1_200),
                new QuotaDecision.WindowUsage(Window.DAY, 8, 6, 40_000)), false);

        assertThat(decision.policyHeader()).isEqualTo("\"hour\";q=5;w=3600, \"day\";q=8;w=86400");
        assertThat(decision.rateLimitHeader()).isEqualTo("\"hour\";r=3;t=1200, \"day\";r=2;t=40000");
        assertThat(decision.refused()).isFalse();
    }

    @Test
    void aFullWindowRefusesUntilTheLongestFullWindowEnds() {
        QuotaDecision decision = new QuotaDecision(ENFORCED, List.of(
                new QuotaDecision.WindowUsage(Window.HOUR, 5, 5, 1_200),
                new QuotaDecision.WindowUsage(Window.DAY, 8, 8, 40_000)), true);

        assertThat(decision.refused()).isTrue();
        assertThat(decision.retryAfterSeconds()).isEqualTo(40_000);
        assertThat(decision.rateLimitHeader()).isEqualTo("\"hour\";r=0;t=1200, \"day\";r=0;t=40000");
    }

    @Test
    void monitorModeNeverRefusesAndNeverShowsLessThanNothingLeft() {
        QuotaDecision decision = new QuotaDecision(new TokenQuota(5, 0, TokenQuota.Mode.MONITOR), List.of(
                new QuotaDecision.WindowUsage(Window.HOUR, 5, 7, 60)), true);

        assertThat(decision.refused()).isFalse();
        assertThat(decision.overrun()).isTrue();
        assertThat(decision.rateLimitHeader()).isEqualTo("\"hour\";r=0;t=60");
    }

    @Test
    void windowsAreUtcHoursAndDays() {
        long fourteenFiftyNine = 1_795_100_340L; // 2026-11-19T14:59:00Z
        assertThat(Window.HOUR.secondsLeft(fourteenFiftyNine)).isEqualTo(60);
        assertThat(Window.HOUR.index(fourteenFiftyNine + 60)).isEqualTo(Window.HOUR.index(fourteenFiftyNine) + 1);
        assertThat(Window.DAY.secondsLeft(fourteenFiftyNine)).isEqualTo(9 * 3_600 + 60);
    }
}
