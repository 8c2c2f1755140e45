package io.zkrpc.benchmark.driver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.zkrpc.benchmark.api.BenchService;
import io.zkrpc.benchmark.jvm.JvmMemory;

/**
 * Closed-loop load: {@code C} caller threads, each calling back to back, for a warm-up and then a
 * measured window. Only calls that start inside the window count; each caller records its
 * latencies in its own histogram and its own allocation, and the provider's allocation is read at
 * both ends of the window.
 */
final class ClosedLoop {

    /** Latencies are recorded in microseconds, up to this. */
    static final long MAX_LATENCY_US = TimeUnit.MINUTES.toMicros(1);

    private final ProviderControl provider;
    private final Duration callTimeout;

    /**
     * @param provider where the provider's allocation is read
     * @param callTimeout the longest a call may take; a caller still busy that long after the
     *        window is reported, not waited for
     */
    ClosedLoop(ProviderControl provider, Duration callTimeout) {
        this.provider = provider;
        this.callTimeout = callTimeout;
    }

    /** Runs {@code scenario} through {@code target}: {@code warmup}, then {@code measure} counted. */
    Measurement run(Scenario scenario, BenchService target, Duration warmup, Duration measure) throws InterruptedException {
        long windowStart = System.nanoTime() + warmup.toNanos();
        long windowEnd = windowStart + measure.toNanos();
        Caller[] callers = new Caller[scenario.concurrency()];
        Thread[] threads = new Thread[callers.length];
        for (int i = 0; i < callers.length; i++) {
            callers[i] = new Caller(scenario, target, i, windowStart, windowEnd);
            threads[i] = new Thread(callers[i], "bench-" + scenario.name() + "-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        boolean measured = measure.toNanos() > 0;
        sleepUntil(windowStart);
        Map<Long, Long> providerBefore = measured ? provider.allocatedBytesByThread() : Map.of();
        sleepUntil(windowEnd);
        Map<Long, Long> providerAfter = measured ? provider.allocatedBytesByThread() : Map.of();

        long joinDeadline = windowEnd + callTimeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
        Histogram latencies = new Histogram(MAX_LATENCY_US, 3);
        long calls = 0;
        long errors = 0;
        long consumerAllocated = 0;
        String firstError = null;
        for (int i = 0; i < callers.length; i++) {
            threads[i].join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
            Caller caller = callers[i];
            if (threads[i].isAlive()) {
                errors++;
                firstError = firstError != null ? firstError : threads[i].getName() + " is still in a call " + callTimeout + " after the window";
                continue;
            }
            latencies.add(caller.latencies);
            calls += caller.calls;
            errors += caller.errors;
            consumerAllocated += caller.allocatedBytes;
            firstError = firstError != null ? firstError : caller.firstError;
        }
        return new Measurement(calls, errors, latencies, measure, consumerAllocated,
                JvmMemory.allocatedBetween(providerBefore, providerAfter), firstError);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** One caller: calls back to back until the window ends; its fields are read after it ends. */
    private static final class Caller implements Runnable {

        private final Scenario scenario;
        private final BenchService target;
        private final int index;
        private final long windowStart;
        private final long windowEnd;
        private final Histogram latencies = new Histogram(MAX_LATENCY_US, 3);
        private long calls;
        private long errors;
        private long allocatedBytes;
        private String firstError;

        Caller(Scenario scenario, BenchService target, int index, long windowStart, long windowEnd) {
            this.scenario = scenario;
            this.target = target;
            this.index = index;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
        }

        @Override
        public void run() {
            int sequence = index * 7919;
            boolean measuring = false;
            long allocatedAtStart = 0;
            while (true) {
                long begin = System.nanoTime();
                if (begin - windowEnd >= 0) {
                    break;
                }
                if (!measuring && begin - windowStart >= 0) {
                    measuring = true;
                    allocatedAtStart = JvmMemory.currentThreadAllocatedBytes();
                }
                boolean correct;
                String error = null;
                try {
                    correct = scenario.call().call(target, sequence++);
                    if (!correct) {
                        error = "wrong reply from " + scenario.label();
                    }
                } catch (RuntimeException e) {
                    correct = false;
                    error = e.toString();
                }
                long micros = (System.nanoTime() - begin) / 1000;
                if (measuring) {
                    if (correct) {
                        calls++;
                        latencies.recordValue(Math.min(micros, MAX_LATENCY_US));
                    } else {
                        errors++;
                        firstError = firstError != null ? firstError : error;
                    }
                }
            }
            if (measuring) {
                allocatedBytes = JvmMemory.currentThreadAllocatedBytes() - allocatedAtStart;
            }
        }
    }
}
