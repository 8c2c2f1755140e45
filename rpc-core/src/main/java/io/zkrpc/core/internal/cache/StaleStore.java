package io.zkrpc.core.internal.cache;

import java.time.Duration;

/**
 * The last good result of one remote method by arguments, kept for its stale-if-error answers: each
 * result for at most its maximum age after it arrived, and at most {@link #MAX_SIZE} results, the
 * Caffeine evicting by size, frequency-aware. Caffeine's classes are loaded only when a method has a store
 * ({@link #create}), so that Caffeine stays an optional dependency of rpc-core.
 */
public interface StaleStore {

    /** The most results a store holds: enough for the hot arguments of a method, bounded whatever the callers send. */
    int MAX_SIZE = 1000;

    /** The result kept for {@code arguments} and younger than the maximum age, or {@code null}. */
    Object get(Object[] arguments);

    /** Keeps {@code result} (not {@code null}) for {@code arguments}, as of now. */
    void put(Object[] arguments, Object result);

    /**
     * A store whose results are answered for {@code maxAge} after they arrived.
     *
     * @throws IllegalArgumentException when {@code maxAge} is not positive, or Caffeine is not on the class path
     */
    static StaleStore create(Duration maxAge) {
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("invalid stale-if-error " + maxAge + " (must be more than 0)");
        }
        try {
            return new CaffeineStaleStore(maxAge);
        } catch (NoClassDefFoundError e) {
            throw new IllegalArgumentException("stale-if-error needs com.github.ben-manes.caffeine:caffeine on the class path", e);
        }
    }
}
