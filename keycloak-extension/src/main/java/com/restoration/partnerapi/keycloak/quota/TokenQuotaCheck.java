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
        private final List<ClusterTokenCount.Share> shares;
        private final QuotaDecision decision;
        private final long now;

        private Pending(SingleUseObjectProvider store, List<ClusterTokenCount.Share> shares, QuotaDecision decision, long now) {
            this.store = store;
            this.shares = shares;
            this.decision = decision;
            this.now = now;
        }

        /** What the check found before this request: over quota or not, and the windows' counts. */
        public QuotaDecision decision() {
            return decision;
        }

        /** Counts the token issued, in every limited window; what the partner has left after it. */
        public QuotaDecision counted() {
            List<QuotaDecision.WindowUsage> after = new ArrayList<>(shares.size());
            for (int i = 0; i < shares.size(); i++) {
                ClusterTokenCount.Share share = shares.get(i);
                QuotaDecision.WindowUsage before = decision.windows().get(i);
                long used;
                synchronized (share) {
                    used = count.counted(store, share);
                }
                after.add(new QuotaDecision.WindowUsage(before.window(), before.limit(), used,
                        before.window().secondsLeft(now)));
            }
            return new QuotaDecision(decision.quota(), after, decision.overrun());
        }
    }

    /** Reads the client's counts in each limited window; a window already full makes the request an overrun. */
    public Pending check(KeycloakSession session, RealmModel realm, ClientModel client, TokenQuota quota, long nowMillis) {
        long now = nowMillis / 1000;
        SingleUseObjectProvider store = session.singleUseObjects();
        List<ClusterTokenCount.Share> shares = new ArrayList<>(2);
        List<QuotaDecision.WindowUsage> windows = new ArrayList<>(2);
        for (Window window : Window.values()) {
            long limit = quota.limit(window);
            if (limit <= 0) {
                continue;
            }
            ClusterTokenCount.Share share = count.share(realm.getId(), client.getId(), window, now);
            long used;
            synchronized (share) {
                share.limit = limit;
                used = count.total(store, share);
            }
            shares.add(share);
            windows.add(new QuotaDecision.WindowUsage(window, limit, used, window.secondsLeft(now)));
        }
        boolean overrun = windows.stream().anyMatch(usage -> usage.used() >= usage.limit());
        return new Pending(store, shares, new QuotaDecision(quota, windows, overrun), now);
    }

    /** The share of a client's quota used in the current window, as this node last knew it (for the gauge). */
    public double usedRatio(String realmId, String clientUuid, Window window, long nowMillis) {
        return count.lastKnownRatio(realmId, clientUuid, window, nowMillis / 1000);
    }
}
