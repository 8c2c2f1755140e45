package io.zkrpc.spring.boot.console.internal;

import java.util.List;

/**
 * The console's per-method figures, read from wherever calls are measured (Micrometer's timers in
 * the starter). Kept apart from the servlet so that an application without Micrometer loads none
 * of its classes.
 */
public interface CallFigures {

    /** The figures of every method measured so far, client side first, then server side, by service and method. */
    List<MethodFigures> read();

    /**
     * The calls of one method on one side since the application started.
     *
     * @param side {@code client} (this application called) or {@code server} (this application answered)
     * @param service the service as the timers tag it ({@code rpc.service})
     * @param method the method's name ({@code rpc.method})
     * @param calls every call counted, whatever its outcome
     * @param errors the calls whose outcome is not a success
     * @param callsPerSecond calls per second over the last interval of at least a second between two reads; {@code null} before there is one
     * @param p50Millis the median latency in milliseconds, {@code null} when the timer keeps no percentiles
     * @param p99Millis the 99th percentile latency in milliseconds, {@code null} when the timer keeps no percentiles
     */
    record MethodFigures(String side, String service, String method, long calls, long errors, Double callsPerSecond,
            Double p50Millis, Double p99Millis) {
    }
}
