package io.zkrpc.core.internal.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.zkrpc.core.cache.CacheSettings;
import io.zkrpc.core.cache.CacheStats;

/** A {@link ResultCache} in Caffeine: expiry after write, bounded size, hits and misses recorded. */
final class CaffeineResultCache implements ResultCache {

    private final Cache<Key, Object> cache;

    CaffeineResultCache(CacheSettings settings) {
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(settings.ttl())
                .maximumSize(settings.resolvedMaxSize())
                // Clean-up on the caller's thread: eviction is seen at once, and no pool thread is used.
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    @Override
    public Object get(Object[] arguments) {
        return cache.getIfPresent(new Key(arguments));
    }

    @Override
    public void put(Object[] arguments, Object result) {
        cache.put(new Key(arguments), result);
    }

    @Override
    public CacheStats stats() {
        com.github.benmanes.caffeine.cache.stats.CacheStats stats = cache.stats();
        return new CacheStats(cache.estimatedSize(), stats.hitCount(), stats.missCount());
    }
}
