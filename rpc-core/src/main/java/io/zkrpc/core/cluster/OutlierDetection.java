package io.zkrpc.core.cluster;

import java.time.Duration;

/**
 * When failing instances leave a consumer's rotation, and for how long: after consecutive failures,
 * or a failure rate above a threshold within a window, an instance is isolated for a pause that
 * doubles on each repeat, up to a maximum.
 *
 * @param consecutiveFailures failures in a row that isolate an instance
 * @param failureRate share of failed calls within the window that isolates an instance
 * @param minimumCalls calls within the window before the failure rate counts
 * @param window the window of the failure rate
 * @param baseIsolation the first isolation's pause
 * @param maxIsolation the longest pause
 */
public record OutlierDetection(int consecutiveFailures, double failureRate, int minimumCalls, Duration window,
        Duration baseIsolation, Duration maxIsolation) {

    /** Defaults: 5 failures in a row, or half of at least 20 calls within 10 s; pauses from 5 s to 60 s. */
    public static final OutlierDetection DEFAULT = new OutlierDetection(5, 0.5, 20, Duration.ofSeconds(10), Duration.ofSeconds(5),
            Duration.ofSeconds(60));
}
