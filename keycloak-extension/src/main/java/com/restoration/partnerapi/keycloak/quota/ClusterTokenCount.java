package com.restoration.partnerapi.keycloak.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * How many tokens a client got in the current window, across the Keycloak cluster, kept in Keycloak's
 * single-use-object store (replicated to every node, entries expiring by themselves).
 *
 * <p>The store has no atomic increment, so the count is sharded: each node claims a numbered shard of each
 * client's window with {@code putIfAbsent} (atomic across nodes) and is the only writer of that shard's count.
 * The cluster's count is the sum of the shards, each read from the node's own replica. A node restarted claims a
 * new shard; its old one keeps counting toward the window until it expires, so a restart loses nothing. Requests
 * in flight at the same moment may each pass the check before any of them is counted: the quota is exact to
 * within the requests a partner has in flight at once.
 */
final class ClusterTokenCount {

    private static final Logger LOG = Logger.getLogger(ClusterTokenCount.class);

    /** Nodes (and restarts of them) that can count in one window; enough for any cluster restarted daily. */
    static final int MAX_SHARDS = 64;
    private static final String PREFIX = "partner-api.token-quota:";
    private static final String COUNT = "n";

    private final Map<String, Share> shares = new ConcurrentHashMap<>();

    /** This node's share of one client's window. Callers synchronize on it for every read and change. */
    static final class Share {
        final String key;
        final long window;
        final long lifespanSeconds;
        long limit;
        long mine;
        long lastTotal;
        int shard;

        Share(String key, long window, long lifespanSeconds) {
            this.key = key;
            this.window = window;
            this.lifespanSeconds = lifespanSeconds;
        }
    }

    /** This node's share of a client's current window; a new one when the window has moved on. */
    Share share(String realmId, String clientUuid, Window window, long epochSeconds) {
        long index = window.index(epochSeconds);
        return shares.compute(realmId + "/" + clientUuid + "/" + window.label(), (k, current) ->
                current != null && current.window == index ? current
                        : new Share(PREFIX + k + "/" + index, index, window.seconds() + 3_600));
    }

    /** The cluster's count for the share's window, read now: this node's and every other shard's. */
    long total(SingleUseObjectProvider store, Share share) {
        if (share.shard == 0) {
            share.shard = claimShard(store, share);
        }
        long total = share.mine;
        for (int shard = 1; shard <= MAX_SHARDS && store.contains(claimKey(share, shard)); shard++) {
            if (shard != share.shard) {
                Map<String, String> count = store.get(countKey(share, shard));
                total += count == null ? 0 : Long.parseLong(count.getOrDefault(COUNT, "0"));
            }
        }
        share.lastTotal = total;
        return total;
    }

    /** Counts one token on this node; the store has it when the request's transaction commits. */
    long counted(SingleUseObjectProvider store, Share share) {
        share.mine++;
        share.lastTotal++;
        if (share.shard > 0) {
            store.put(countKey(share, share.shard), share.lifespanSeconds, Map.of(COUNT, Long.toString(share.mine)));
        }
        return share.lastTotal;
    }

    /** The count as last read over the limit last applied, for a gauge: 0 once the window has moved on. */
    double lastKnownRatio(String realmId, String clientUuid, Window window, long epochSeconds) {
        Share share = shares.get(realmId + "/" + clientUuid + "/" + window.label());
        if (share == null || share.window != window.index(epochSeconds)) {
            return 0;
        }
        synchronized (share) {
            return share.limit <= 0 ? 0 : (double) share.lastTotal / share.limit;
        }
    }

    private static int claimShard(SingleUseObjectProvider store, Share share) {
        for (int shard = 1; shard <= MAX_SHARDS; shard++) {
            if (store.putIfAbsent(claimKey(share, shard), share.lifespanSeconds)) {
                return shard;
            }
        }
        LOG.warnf("All %d shards of %s are taken: this node's tokens count on this node only until the window ends",
                MAX_SHARDS, share.key);
        return -1;
    }

    private static String claimKey(Share share, int shard) {
        return share.key + "#" + shard;
    }

    private static String countKey(Share share, int shard) {
        return share.key + "#" + shard + "/" + COUNT;
    }
}
