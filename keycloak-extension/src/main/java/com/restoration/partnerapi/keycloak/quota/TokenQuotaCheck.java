package com.restoration.partnerapi.keycloak.quota;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Checks a client's tokens against its quota, cluster-wide ({@link ClusterTokenCount}), and counts those issued.
 * One instance per node, held by {@link QuotaClientCredentialsGrantTypeFactory}.
 */
public final class TokenQuotaCheck {

    private final ClusterTokenCount count = new ClusterTokenCount();

    /** A request checked and not yet counted. */
    public final class Pending {

        private final SingleUseObjectProvider store;
        private final ClusterTokenCount.Share share;
        private final QuotaDecision decision;
        private final long now;

        private Pending(SingleUseObjectProvider store, ClusterTokenCount.Share share, QuotaDecision decision, long now) {
            this.store = store;
            this.share = share;
            this.decision = decision;
            this.now = now;
        }

        /** What the check found before this request: over quota or not, and the windows' counts. */
        public QuotaDecision decision() {
            return decision;
        }

        /** Whether this check registered the client's gauges already (once per client and day on a node). */
        boolean firstOfTheDay() {
            synchronized (share) {
                boolean first = !share.gauged;
                share.gauged = true;
                return first;
            }
        }

        /** Counts the token issued, in every limited window; what the partner has left after it. */
        public QuotaDecision counted() {
            ClusterTokenCount.Totals totals;
            synchronized (share) {
                totals = count.counted(store, share, now);
            }
            return decide(decision.quota(), totals, now, decision.overrun());
        }
    }

    /** Reads the client's counts; a limited window already full makes the request an overrun. */
    public Pending check(KeycloakSession session, RealmModel realm, ClientModel client, TokenQuota quota, long nowMillis) {
        long now = nowMillis / 1000;
        SingleUseObjectProvider store = session.singleUseObjects();
        ClusterTokenCount.Share share = count.share(realm.getId(), client.getId(), now);
        ClusterTokenCount.Totals totals;
        synchronized (share) {
            share.hourLimit = quota.perHour();
            share.dayLimit = quota.perDay();
            totals = count.total(store, share, now);
        }
        QuotaDecision before = decide(quota, totals, now, false);
        boolean overrun = before.windows().stream().anyMatch(usage -> usage.used() >= usage.limit());
        return new Pending(store, share, decide(quota, totals, now, overrun), now);
    }

    private static QuotaDecision decide(TokenQuota quota, ClusterTokenCount.Totals totals, long now, boolean overrun) {
        List<QuotaDecision.WindowUsage> windows = new ArrayList<>(2);
        for (Window window : Window.values()) {
            long limit = quota.limit(window);
            if (limit > 0) {
                windows.add(new QuotaDecision.WindowUsage(window, limit, totals.in(window), window.secondsLeft(now)));
            }
        }
        return new QuotaDecision(quota, windows, overrun);
    }

    /** The share of a client's quota used in the current window, as this node last knew it (for the gauge). */
    public double usedRatio(String realmId, String clientUuid, Window window, long nowMillis) {
        return count.lastKnownRatio(realmId, clientUuid, window, nowMillis / 1000);
    }
}
