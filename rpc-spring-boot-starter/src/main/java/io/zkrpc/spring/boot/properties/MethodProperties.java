package io.zkrpc.spring.boot.properties;

import java.time.Duration;

import io.zkrpc.core.cache.CacheSettings;

/** Call settings of one method of a referenced service, and its result cache. */
public class MethodProperties extends CallProperties {

    /** The method's result cache on this consumer. */
    private final Cache cache = new Cache();

    /** How old a result may be and still answer a call with equal arguments that fails because the service cannot answer (no instance, connect, timeout...); the caller sees RpcContext.current().isStale(), or RpcContext.isStale(future) for a method returning one. Unset answers none; at most 1000 results are kept per method. */
    private Duration staleIfError;

    public Duration getStaleIfError() {
        return staleIfError;
    }

    public void setStaleIfError(Duration staleIfError) {
        this.staleIfError = staleIfError;
    }

    public Cache getCache() {
        return cache;
    }

    /** The method's result cache settings, {@link CacheSettings#NONE} parts where unset. */
    public CacheSettings toCacheSettings() {
        return new CacheSettings(cache.ttl, cache.maxSize);
    }

    /** A method's result cache: set a ttl to cache results for equal arguments (compared by value); failures are never cached. */
    public static class Cache {

        /** How long a result is answered from the cache without a remote call; unset takes @RpcMethod(cacheTtl), none caches nothing. */
        private Duration ttl;

        /** The most results held (beyond it Caffeine evicts by size, frequency-aware); unset takes @RpcMethod(cacheMaxSize), else 1000. */
        private Integer maxSize;

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public Integer getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(Integer maxSize) {
            this.maxSize = maxSize;
        }
    }
}
