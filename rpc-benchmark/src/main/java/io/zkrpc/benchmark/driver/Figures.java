package io.zkrpc.benchmark.driver;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A run's figures, or the medians of several runs' (see {@link #medianOf}).
 *
 * @param callsPerSecond correct calls per second of the window
 * @param p50Us median latency, microseconds
 * @param p99Us 99th percentile latency, microseconds
 * @param p999Us 99.9th percentile latency, microseconds
 * @param maxUs longest latency, microseconds
 * @param errors failed or wrong calls
 * @param allocPerCall bytes allocated per call, consumer and provider together
 * @param consumerAllocPerCall bytes the consumer's callers allocated per call
 * @param providerAllocPerCall bytes the provider allocated per call
 */
record Figures(long callsPerSecond, long p50Us, long p99Us, long p999Us, long maxUs, long errors,
        long allocPerCall, long consumerAllocPerCall, long providerAllocPerCall) {

    /** The median of each figure over {@code rounds}; errors are added up, not medianed, so that none hides. */
    static Figures medianOf(List<Figures> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
        return new Figures(median(rounds, Figures::callsPerSecond), median(rounds, Figures::p50Us),
                median(rounds, Figures::p99Us), median(rounds, Figures::p999Us), median(rounds, Figures::maxUs),
                rounds.stream().mapToLong(Figures::errors).sum(), median(rounds, Figures::allocPerCall),
                median(rounds, Figures::consumerAllocPerCall), median(rounds, Figures::providerAllocPerCall));
    }

    /** The middle value, or the mean of the two middle ones (rounded) for an even count. */
    static long median(List<Figures> rounds, ToLongFunction<Figures> figure) {
        long[] values = rounds.stream().mapToLong(figure).toArray();
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : Math.round((values[middle - 1] + values[middle]) / 2.0);
    }
}
