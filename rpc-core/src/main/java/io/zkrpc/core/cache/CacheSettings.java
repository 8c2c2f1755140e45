package io.zkrpc.core.cache;

import java.time.Duration;

import io.zkrpc.core.annotation.RpcMethod;
import io.zkrpc.core.internal.support.Durations;

/**
 * The result cache of one remote method, each setting {@code null} when not set here: a method is
 * cached when its resolved {@code ttl} is set.
 *
 * @param ttl how long a result is answered from the cache
 * @param maxSize the most results held (beyond it Caffeine evicts by size, frequency-aware)
 */
public record CacheSettings(Duration ttl, Integer maxSize) {

    /** Sets nothing. */
    public static final CacheSettings NONE = new CacheSettings(null, null);

    /** The most results a cache holds when no {@code maxSize} is set. */
    public static final int DEFAULT_MAX_SIZE = 1000;

    /**
     * @throws IllegalArgumentException for a ttl that is not positive or a size under 1
     */
    public CacheSettings {
        if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
            throw new IllegalArgumentException("invalid cache ttl " + ttl + " (must be more than 0)");
        }
        if (maxSize != null && maxSize < 1) {
            throw new IllegalArgumentException("invalid cache max-size " + maxSize + " (must be at least 1)");
        }
    }

    /**
     * The settings an {@link RpcMethod} annotation declares; {@link #NONE} for {@code null}.
     *
     * @throws IllegalArgumentException for a ttl that is not a duration
     */
    public static CacheSettings of(RpcMethod annotation) {
        if (annotation == null) {
            return NONE;
        }
        Duration ttl = null;
        if (!annotation.cacheTtl().isBlank()) {
            try {
                ttl = Durations.parse(annotation.cacheTtl());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid cacheTtl '" + annotation.cacheTtl() + "' (use 30s, 5m, PT30S, or a number of milliseconds)", e);
            }
        }
        return new CacheSettings(ttl, annotation.cacheMaxSize() < 0 ? null : annotation.cacheMaxSize());
    }

    /** These settings, with every setting that {@code later} carries replaced. */
    public CacheSettings and(CacheSettings later) {
        if (later == null) {
            return this;
        }
        return new CacheSettings(later.ttl != null ? later.ttl : ttl, later.maxSize != null ? later.maxSize : maxSize);
    }

    /** Whether these settings cache results: a ttl is set. */
    public boolean enabled() {
        return ttl != null;
    }

    /** The most results held: {@code maxSize}, or {@link #DEFAULT_MAX_SIZE}. */
    public int resolvedMaxSize() {
        return maxSize != null ? maxSize : DEFAULT_MAX_SIZE;
    }
}
