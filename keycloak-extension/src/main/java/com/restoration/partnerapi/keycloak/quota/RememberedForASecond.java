package com.restoration.partnerapi.keycloak.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A value read at most once a second per key and node. Token requests are too frequent to assemble a realm's
 * components or a client's scopes on each; a change to them applies within a second.
 */
final class RememberedForASecond<V> {

    private record Entry<V>(V value, long until) {
    }

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

    V get(String key, Supplier<V> read) {
        long now = System.currentTimeMillis();
        Entry<V> entry = entries.get(key);
        if (entry != null && now < entry.until()) {
            return entry.value();
        }
        V value = read.get();
        entries.put(key, new Entry<>(value, now + 1_000));
        return value;
    }
}
