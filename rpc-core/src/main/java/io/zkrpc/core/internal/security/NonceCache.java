package io.zkrpc.core.internal.security;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The nonces of the calls accepted lately, bounded in time and size, to refuse a replayed call.
 * Nonces are kept by the second of their call's timestamp: a second is forgotten once every
 * timestamp in it is out of the clock skew window (the timestamp check refuses them), or, when
 * the cache is full, oldest first; then a call signed in a forgotten second is refused, since
 * whether it is a replay can no longer be told. Only calls whose signature is valid get here, so
 * only a holder of the secret can fill the cache.
 */
final class NonceCache {

    private final int maxSize;
    private final long retentionMillis;
    private final TreeMap<Long, Set<String>> bySecond = new TreeMap<>();
    private int size;
    /** Seconds before this one are forgotten. */
    private long floor = Long.MIN_VALUE;

    /**
     * @param maxSize how many nonces to keep at most, besides those of the second being added to
     * @param retentionMillis how long after its timestamp a call can still be accepted (the clock skew window)
     */
    NonceCache(int maxSize, long retentionMillis) {
        this.maxSize = maxSize;
        this.retentionMillis = retentionMillis;
    }

    /** Records {@code nonce}; {@code false} when it was seen already or its second is forgotten. */
    synchronized boolean firstUse(String nonce, long timestampMillis, long nowMillis) {
        while (!bySecond.isEmpty() && (bySecond.firstKey() + 1) * 1000 + retentionMillis <= nowMillis) {
            forgetOldest();
        }
        long second = Math.floorDiv(timestampMillis, 1000);
        if (second < floor || !bySecond.computeIfAbsent(second, s -> new HashSet<>()).add(nonce)) {
            return false;
        }
        size++;
        while (size > maxSize && bySecond.firstKey() != second) {
            forgetOldest();
        }
        return true;
    }

    /** Nonces held now. */
    synchronized int size() {
        return size;
    }

    private void forgetOldest() {
        Map.Entry<Long, Set<String>> oldest = bySecond.pollFirstEntry();
        size -= oldest.getValue().size();
        floor = Math.max(floor, oldest.getKey() + 1);
    }
}
