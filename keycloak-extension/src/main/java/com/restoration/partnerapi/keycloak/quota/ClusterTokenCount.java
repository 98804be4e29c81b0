package com.restoration.partnerapi.keycloak.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * How many tokens a client got in the current UTC hour and day, across the Keycloak cluster, kept in Keycloak's
 * single-use-object store (replicated to every node, entries expiring by themselves).
 *
 * <p>The store has no atomic increment, so the count is sharded: each node claims a numbered shard of each
 * client's day with {@code putIfAbsent} (atomic across nodes) and is the only writer of that shard, which holds the
 * node's count for the day and for the hour it names. The cluster's count is the sum of the shards, each read from
 * the node's own replica: one read per node and one write per token. A node restarted claims a new shard; its old
 * one keeps counting toward the day until it expires, so a restart loses nothing. Requests in flight at the same
 * moment may each pass the check before any of them is counted: the quota is exact to within the requests a
 * partner has in flight at once.
 */
final class ClusterTokenCount {

    private static final Logger LOG = Logger.getLogger(ClusterTokenCount.class);

    /** Nodes (and restarts of them) that can count in one day; enough for any cluster restarted hourly. */
    static final int MAX_SHARDS = 64;
    private static final String PREFIX = "partner-api.token-quota:";
    private static final String HOUR = "h";
    private static final String HOUR_COUNT = "hn";
    private static final String DAY_COUNT = "dn";

    private final Map<String, Share> shares = new ConcurrentHashMap<>();

    /** The cluster's counts in the current hour and day, this node's included. */
    record Totals(long hour, long day) {

        long in(Window window) {
            return window == Window.HOUR ? hour : day;
        }
    }

    /** This node's share of one client's day. Callers synchronize on it for every read and change. */
    static final class Share {
        final String key;
        final long day;
        final long lifespanSeconds;
        int shard;
        long hour;
        long mineHour;
        long mineDay;
        Totals last = new Totals(0, 0);
        long hourLimit;
        long dayLimit;
        boolean gauged;

        Share(String key, long day, long lifespanSeconds) {
            this.key = key;
            this.day = day;
            this.lifespanSeconds = lifespanSeconds;
        }

        /** A new hour starts this node's hourly count afresh. */
        void roll(long currentHour) {
            if (hour != currentHour) {
                hour = currentHour;
                mineHour = 0;
            }
        }
    }

    /** This node's share of a client's current day; a new one when the day has moved on. */
    Share share(String realmId, String clientUuid, long epochSeconds) {
        long day = Window.DAY.index(epochSeconds);
        return shares.compute(realmId + "/" + clientUuid, (k, current) ->
                current != null && current.day == day ? current
                        : new Share(PREFIX + k + "/" + day, day, Window.DAY.seconds() + 3_600));
    }

    Share existing(String realmId, String clientUuid) {
        return shares.get(realmId + "/" + clientUuid);
    }

    /** The cluster's counts for the share's day and the current hour, read now. */
    Totals total(SingleUseObjectProvider store, Share share, long epochSeconds) {
        long currentHour = Window.HOUR.index(epochSeconds);
        share.roll(currentHour);
        if (share.shard == 0) {
            share.shard = claimShard(store, share);
        }
        long hour = share.mineHour;
        long day = share.mineDay;
        for (int shard = 1; shard <= MAX_SHARDS; shard++) {
            if (shard == share.shard) {
                continue;
            }
            Map<String, String> counts = store.get(shardKey(share, shard));
            if (counts == null) {
                break;
            }
            day += number(counts, DAY_COUNT);
            if (String.valueOf(currentHour).equals(counts.get(HOUR))) {
                hour += number(counts, HOUR_COUNT);
            }
        }
        share.last = new Totals(hour, day);
        return share.last;
    }

    /** Counts one token on this node; the store has it when the request's transaction commits. */
    Totals counted(SingleUseObjectProvider store, Share share, long epochSeconds) {
        share.roll(Window.HOUR.index(epochSeconds));
        share.mineHour++;
        share.mineDay++;
        share.last = new Totals(share.last.hour() + 1, share.last.day() + 1);
        if (share.shard > 0) {
            store.put(shardKey(share, share.shard), share.lifespanSeconds, Map.of(HOUR, Long.toString(share.hour),
                    HOUR_COUNT, Long.toString(share.mineHour), DAY_COUNT, Long.toString(share.mineDay)));
        }
        return share.last;
    }

    /** The count as last read over the limit last applied, for a gauge: 0 once the window has moved on. */
    double lastKnownRatio(String realmId, String clientUuid, Window window, long epochSeconds) {
        Share share = existing(realmId, clientUuid);
        if (share == null || share.day != Window.DAY.index(epochSeconds)) {
            return 0;
        }
        synchronized (share) {
            if (window == Window.HOUR) {
                return share.hourLimit <= 0 || share.hour != Window.HOUR.index(epochSeconds) ? 0
                        : (double) share.last.hour() / share.hourLimit;
            }
            return share.dayLimit <= 0 ? 0 : (double) share.last.day() / share.dayLimit;
        }
    }

    private static int claimShard(SingleUseObjectProvider store, Share share) {
        for (int shard = 1; shard <= MAX_SHARDS; shard++) {
            if (store.putIfAbsent(shardKey(share, shard), share.lifespanSeconds)) {
                return shard;
            }
        }
        LOG.warnf("All %d shards of %s are taken: this node's tokens count on this node only until the day ends",
                MAX_SHARDS, share.key);
        return -1;
    }

    private static long number(Map<String, String> counts, String name) {
        String value = counts.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }

    private static String shardKey(Share share, int shard) {
        return share.key + "#" + shard;
    }
}
