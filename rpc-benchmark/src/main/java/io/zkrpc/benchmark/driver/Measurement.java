package io.zkrpc.benchmark.driver;

import java.time.Duration;

import org.HdrHistogram.Histogram;

/**
 * What one measured window gave.
 *
 * @param calls calls that started inside the window and returned the expected reply
 * @param errors calls that started inside the window and failed or returned a wrong reply
 * @param latenciesUs the latencies of the correct calls, in microseconds
 * @param window the window's length
 * @param consumerAllocatedBytes bytes the callers allocated during their calls in the window
 * @param providerAllocatedBytes bytes all of the provider's threads allocated during the window
 * @param firstError the first failure seen, or {@code null}
 */
record Measurement(long calls, long errors, Histogram latenciesUs, Duration window,
        long consumerAllocatedBytes, long providerAllocatedBytes, String firstError) {

    /** The window's figures, per second and per call. */
    Figures figures() {
        long attempts = Math.max(1, calls + errors);
        double seconds = Math.max(1e-9, window.toNanos() / 1e9);
        return new Figures(Math.round(calls / seconds),
                latenciesUs.getValueAtPercentile(50), latenciesUs.getValueAtPercentile(99),
                latenciesUs.getValueAtPercentile(99.9), latenciesUs.getMaxValue(), errors,
                (consumerAllocatedBytes + providerAllocatedBytes) / attempts,
                consumerAllocatedBytes / attempts, providerAllocatedBytes / attempts);
    }
}
