package com.restoration.partnerapi.keycloak.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * The extension's Prometheus metrics, in Micrometer's global registry: the one Keycloak exposes on its management
 * port ({@code /metrics}, with {@code metrics-enabled=true}) beside its own. Every series is labelled with the realm
 * and a {@code client_id} that is a registered client of that realm, or {@value #UNKNOWN}: a client_id a caller
 * merely sent never becomes a label, so guessing cannot grow the number of series.
 */
public final class PartnerMetrics {

    public static final String UNKNOWN = "unknown";

    static final String TOKENS_ISSUED = "partner_api_tokens_issued";
    static final String AUTHENTICATION_FAILURES = "partner_api_authentication_failures";
    static final String LOCKOUTS = "partner_api_lockouts";
    static final String QUOTA_EXCEEDED = "partner_api_quota_exceeded";
    static final String SECRET_ROTATIONS = "partner_api_secret_rotations";
    static final String QUOTA_USED_RATIO = "partner_api_token_quota_used_ratio";

    private static final PartnerMetrics GLOBAL = new PartnerMetrics(Metrics.globalRegistry);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Boolean> gauges = new ConcurrentHashMap<>();

    PartnerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static PartnerMetrics global() {
        return GLOBAL;
    }

    /**
     * The label for a client: its client_id when it is registered in the realm, {@value #UNKNOWN} otherwise.
     *
     * @param registered whether the caller found the client registered (never looked up again here)
     */
    public static String clientLabel(String clientId, boolean registered) {
        return registered && clientId != null ? clientId : UNKNOWN;
    }

    public void tokenIssued(String realm, String clientId) {
        counter(TOKENS_ISSUED, "Tokens issued by the client_credentials grant", realm, clientId).increment();
    }

    public void authenticationFailed(String realm, String clientLabel) {
        counter(AUTHENTICATION_FAILURES, "Failed client authentications with a secret (wrong secret, unknown,"
                + " disabled or locked-out client)", realm, clientLabel).increment();
    }

    public void lockoutBegan(String realm, String clientLabel) {
        counter(LOCKOUTS, "Client-secret brute-force lockouts begun (per client_id and address)", realm, clientLabel)
                .increment();
    }

    public void quotaExceeded(String realm, String clientId, String mode) {
        String key = QUOTA_EXCEEDED + '\0' + realm + '\0' + clientId + '\0' + mode;
        counters.computeIfAbsent(key, k -> Counter.builder(QUOTA_EXCEEDED)
                .description("Token requests over the client's quota: refused (enforce) or let through (monitor)")
                .tags("realm", realm, "client_id", clientId, "mode", mode)
                .register(registry)).increment();
    }

    public void secretRotated(String realm, String clientId) {
        counter(SECRET_ROTATIONS, "Client secrets rotated or regenerated", realm, clientId).increment();
    }

    /** Registers, once per realm, client and window, the gauge of the share of the quota used. */
    public void quotaUsedRatio(String realm, String clientId, String window, Supplier<Number> ratio) {
        String key = QUOTA_USED_RATIO + '\0' + realm + '\0' + clientId + '\0' + window;
        if (gauges.putIfAbsent(key, Boolean.TRUE) == null) {
            Gauge.builder(QUOTA_USED_RATIO, ratio)
                    .description("Share of the client's token quota used in the current window, cluster-wide")
                    .tags("realm", realm, "client_id", clientId, "window", window)
                    .strongReference(true)
                    .register(registry);
        }
    }

    private Counter counter(String name, String description, String realm, String clientId) {
        return counters.computeIfAbsent(name + '\0' + realm + '\0' + clientId, key -> Counter.builder(name)
                .description(description)
                .tags("realm", realm, "client_id", clientId)
                .register(registry));
    }
}
