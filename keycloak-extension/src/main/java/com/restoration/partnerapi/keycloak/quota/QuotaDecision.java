package com.restoration.partnerapi.keycloak.quota;

import java.util.List;

/**
 * What a token request's quota check found: per limited window, the limit, the tokens counted (this one included
 * when it is issued) and the seconds until the window ends; and whether a window was already full before this
 * request ({@code overrun}): refused when the quota is enforced, only counted when it is monitored.
 */
public record QuotaDecision(TokenQuota quota, List<WindowUsage> windows, boolean overrun) {

    public record WindowUsage(Window window, long limit, long used, long secondsLeft) {

        public long remaining() {
            return Math.max(0, limit - used);
        }

        boolean exhausted() {
            return used >= limit;
        }
    }

    public boolean refused() {
        return overrun && quota.mode() == TokenQuota.Mode.ENFORCE;
    }

    /** Until the longest-lasting full window ends: before then a retry is refused again. */
    public long retryAfterSeconds() {
        return windows.stream().filter(WindowUsage::exhausted).mapToLong(WindowUsage::secondsLeft).max().orElse(0);
    }

    /**
     * {@code RateLimit-Policy}, draft-ietf-httpapi-ratelimit-headers: each window a policy named for it, its quota
     * {@code q} in tokens per {@code w} seconds.
     */
    public String policyHeader() {
        StringBuilder header = new StringBuilder(64);
        for (WindowUsage usage : windows) {
            if (!header.isEmpty()) {
                header.append(", ");
            }
            header.append('"').append(usage.window().label()).append("\";q=").append(usage.limit())
                    .append(";w=").append(usage.window().seconds());
        }
        return header.toString();
    }

    /** {@code RateLimit}: per policy, the tokens {@code r} still to be had and {@code t} seconds until the window resets. */
    public String rateLimitHeader() {
        StringBuilder header = new StringBuilder(64);
        for (WindowUsage usage : windows) {
            if (!header.isEmpty()) {
                header.append(", ");
            }
            header.append('"').append(usage.window().label()).append("\";r=").append(usage.remaining())
                    .append(";t=").append(usage.secondsLeft());
        }
        return header.toString();
    }
}
