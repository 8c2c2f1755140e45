package io.zkrpc.core.internal.cluster;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Caps retries at a share of the calls over a sliding window (plus a small reserve per second for
 * quiet services), so that a broken service cannot multiply its own traffic.
 *
 * <p>The window is ten one-second buckets; counts are approximate under races, which a budget
 * tolerates.
 */
public final class RetryBudget {

    private static final int BUCKETS = 10;

    private final double ratio;
    private final long reserve;
    private final LongSupplier nanoTime;
    private final AtomicLongArray seconds = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray calls = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray retries = new AtomicLongArray(BUCKETS);

    /**
     * @param ratio retries allowed per call over the window, for example 0.1 for 10 % extra load
     * @param minRetriesPerSecond retries allowed per second whatever the traffic
     */
    public RetryBudget(double ratio, int minRetriesPerSecond) {
        this(ratio, minRetriesPerSecond, System::nanoTime);
    }

    /** A budget reading the time from {@code nanoTime}, as {@link System#nanoTime()} does. */
    RetryBudget(double ratio, int minRetriesPerSecond, LongSupplier nanoTime) {
        if (ratio < 0 || minRetriesPerSecond < 0) {
            throw new IllegalArgumentException("Invalid retry budget: ratio " + ratio + ", minimum " + minRetriesPerSecond);
        }
        this.ratio = ratio;
        this.reserve = (long) minRetriesPerSecond * BUCKETS;
        this.nanoTime = nanoTime;
    }

    /** Counts one call (not its retries). */
    public void recordCall() {
        calls.incrementAndGet(bucket(second()));
    }

    /** Takes one retry from the budget, if there is one left. */
    public boolean tryRetry() {
        long now = second();
        int current = bucket(now);
        long windowCalls = 0;
        long windowRetries = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (now - seconds.get(i) < BUCKETS) {
                windowCalls += calls.get(i);
                windowRetries += retries.get(i);
            }
        }
        if (windowRetries + 1 > reserve + ratio * windowCalls) {
            return false;
        }
        retries.incrementAndGet(current);
        return true;
    }

    /** Forgets the calls and retries of the window, as a new budget would start. */
    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            calls.set(i, 0);
            retries.set(i, 0);
        }
    }

    private long second() {
        return Math.floorDiv(nanoTime.getAsLong(), 1_000_000_000L);
    }

    private int bucket(long second) {
        int index = (int) Math.floorMod(second, (long) BUCKETS);
        long stamp = seconds.get(index);
        if (stamp != second && seconds.compareAndSet(index, stamp, second)) {
            calls.set(index, 0);
            retries.set(index, 0);
        }
        return index;
    }
}
