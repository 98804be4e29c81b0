package com.restoration.partnerapi.keycloak.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Two nodes' counts of one client's hour and day in one store: each writes only its own shard, each reads the sum, and a
 * node that restarts (a new instance) claims a new shard while its old one keeps counting.
 */
class ClusterTokenCountTest {

    private static final long NOW = 1_795_100_340L;

    private final SingleUseObjectProvider store = new MapStore();

    @Test
    void eachNodeCountsInItsOwnShardAndReadsTheSum() {
        ClusterTokenCount node1 = new ClusterTokenCount();
        ClusterTokenCount node2 = new ClusterTokenCount();

        count(node1, 3);
        count(node2, 2);

        assertThat(total(node1)).isEqualTo(new ClusterTokenCount.Totals(5, 5));
        assertThat(total(node2)).isEqualTo(new ClusterTokenCount.Totals(5, 5));
    }

    @Test
    void aRestartedNodeKeepsWhatItCountedBefore() {
        count(new ClusterTokenCount(), 4);
        ClusterTokenCount restarted = new ClusterTokenCount();

        count(restarted, 1);

        assertThat(total(restarted)).isEqualTo(new ClusterTokenCount.Totals(5, 5));
    }

    @Test
    void theNextHourStartsFromNothingAndTheDayGoesOn() {
        ClusterTokenCount node1 = new ClusterTokenCount();
        ClusterTokenCount node2 = new ClusterTokenCount();
        count(node1, 4);
        count(node2, 1);

        assertThat(node1.total(store, node1.share("realm", "client", NOW + 60), NOW + 60))
                .isEqualTo(new ClusterTokenCount.Totals(0, 5));
    }

    @Test
    void theNextDayStartsFromNothing() {
        ClusterTokenCount node = new ClusterTokenCount();
        count(node, 4);

        long nextDay = NOW + 86_400;
        assertThat(node.total(store, node.share("realm", "client", nextDay), nextDay))
                .isEqualTo(new ClusterTokenCount.Totals(0, 0));
    }

    private void count(ClusterTokenCount node, int tokens) {
        ClusterTokenCount.Share share = node.share("realm", "client", NOW);
        node.total(store, share, NOW);
        for (int n = 0; n < tokens; n++) {
            node.counted(store, share, NOW);
        }
    }

    private ClusterTokenCount.Totals total(ClusterTokenCount node) {
        return node.total(store, node.share("realm", "client", NOW), NOW);
    }

    /** The single-use-object store's contract without expiry: what a replicated cache gives every node. */
    private static final class MapStore implements SingleUseObjectProvider {

        private final Map<String, Map<String, String>> entries = new HashMap<>();

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            entries.put(key, Map.copyOf(notes));
        }

        @Override
        public Map<String, String> get(String key) {
            return entries.get(key);
        }

        @Override
        public Map<String, String> remove(String key) {
            return entries.remove(key);
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            return entries.replace(key, Map.copyOf(notes)) != null;
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanInSeconds) {
            return entries.putIfAbsent(key, Map.of()) == null;
        }

        @Override
        public boolean contains(String key) {
            return entries.containsKey(key);
        }

        @Override
        public void close() {
        }
    }
}
