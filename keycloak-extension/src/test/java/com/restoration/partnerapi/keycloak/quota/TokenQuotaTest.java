package com.restoration.partnerapi.keycloak.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The realm's settings as the console saves them, and what counts as a number of tokens. */
class TokenQuotaTest {

    @Test
    void settingsGiveTheRealmsDefault() {
        TokenQuota quota = TokenQuota.fromValues(Map.of("tokensPerHour", "1000", "tokensPerDay", " 10000 ", "mode", "Monitor"));

        assertThat(quota).isEqualTo(new TokenQuota(1_000, 10_000, TokenQuota.Mode.MONITOR));
        assertThat(quota.limited()).isTrue();
    }

    @Test
    void emptyOrInvalidSettingsLimitNothingAndEnforce() {
        TokenQuota quota = TokenQuota.fromValues(Map.of("tokensPerHour", "", "tokensPerDay", "lots", "mode", "sometimes"));

        assertThat(quota).isEqualTo(new TokenQuota(0, 0, TokenQuota.Mode.ENFORCE));
        assertThat(quota.limited()).isFalse();
    }

    @Test
    void aCountIsAWholeNumberZeroOrMore() {
        assertThat(TokenQuota.parseCount("0")).contains(0L);
        assertThat(TokenQuota.parseCount("25")).contains(25L);
        assertThat(TokenQuota.parseCount("-1")).isEmpty();
        assertThat(TokenQuota.parseCount("1.5")).isEmpty();
        assertThat(TokenQuota.parseCount("1e3")).isEmpty();
        assertThat(TokenQuota.parseCount(null)).isEmpty();
    }
}
