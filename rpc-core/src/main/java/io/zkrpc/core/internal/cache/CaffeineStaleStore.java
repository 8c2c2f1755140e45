package io.zkrpc.core.internal.cache;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** A {@link StaleStore} in Caffeine: expiry after write, bounded size, keyed as the result cache is. */
final class CaffeineStaleStore implements StaleStore {

    private final Cache<ResultCache.Key, Object> results;

    CaffeineStaleStore(Duration maxAge) {
        this.results = Caffeine.newBuilder()
                .expireAfterWrite(maxAge)
                .maximumSize(MAX_SIZE)
                // Clean-up on the caller's thread: expiry is seen at once, and no pool thread is used.
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Object get(Object[] arguments) {
        return results.getIfPresent(new ResultCache.Key(arguments));
    }

    @Override
    public void put(Object[] arguments, Object result) {
        results.put(new ResultCache.Key(arguments), result);
    }
}
