package io.zkrpc.core.internal.cache;

import java.util.Arrays;

import io.zkrpc.core.cache.CacheSettings;
import io.zkrpc.core.cache.CacheStats;

/**
 * The results of one remote method by arguments. Caffeine's classes are loaded only when a method
 * has a cache ({@link #create}), so that Caffeine is an optional dependency of rpc-core.
 */
public interface ResultCache {

    /** The result held for {@code arguments}, or {@code null}: a hit or a miss. */
    Object get(Object[] arguments);

    /** Holds {@code result} (not {@code null}) for {@code arguments}. */
    void put(Object[] arguments, Object result);

    /** The cache's figures now. */
    CacheStats stats();

    /**
     * A cache with {@code settings}, which must be {@linkplain CacheSettings#enabled() enabled}.
     *
     * @throws IllegalArgumentException when Caffeine is not on the class path
     */
    static ResultCache create(CacheSettings settings) {
        try {
            return new CaffeineResultCache(settings);
        } catch (NoClassDefFoundError e) {
            throw new IllegalArgumentException("a result cache needs com.github.ben-manes.caffeine:caffeine on the class path", e);
        }
    }

    /** The key of an argument array: equal by content, nested arrays included. */
    record Key(Object[] arguments) {

        public Key {
            arguments = arguments == null ? new Object[0] : arguments.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.deepEquals(arguments, key.arguments);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(arguments);
        }

        @Override
        public String toString() {
            return Arrays.deepToString(arguments);
        }
    }
}
