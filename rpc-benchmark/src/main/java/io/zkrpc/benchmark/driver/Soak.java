package io.zkrpc.benchmark.driver;

import java.time.Duration;

import io.zkrpc.benchmark.api.BenchService;
import io.zkrpc.benchmark.jvm.JvmMemory;
import io.zkrpc.benchmark.jvm.JvmMemory.HeapAfterGc;

/**
 * The soak: findById at C=32 through zkrpc for {@code bench.soak}, in windows of
 * {@code bench.soak-interval}; after each, with the load paused, a full GC in both JVMs and their
 * old generation read, so that a leak shows as growth from window to window. The result gives the
 * figures at the first window that ends a minute or more in, and at the end.
 */
final class Soak {

    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    private final BenchProperties properties;
    private final ClosedLoop loop;
    private final BenchService zkrpc;
    private final ProviderControl provider;
    private final Report report;

    Soak(BenchProperties properties, ClosedLoop loop, BenchService zkrpc, ProviderControl provider, Report report) {
        this.properties = properties;
        this.loop = loop;
        this.zkrpc = zkrpc;
        this.provider = provider;
        this.report = report;
    }

    /** Runs the soak; answers the exit code: 0, or 1 when a call failed. */
    int run() throws InterruptedException {
        Scenario scenario = Scenario.select("findById/32").get(0);
        Duration interval = properties.soakInterval();
        long windows = Math.max(1, (properties.soak().toMillis() + interval.toMillis() - 1) / interval.toMillis());
        Duration total = interval.multipliedBy(windows);
        if (total.compareTo(ONE_MINUTE) < 0) {
            throw new IllegalArgumentException("bench.soak must be at least a minute, not " + properties.soak());
        }
        report.line("BENCH mode=soak " + scenario.fields() + " target=zkrpc minutes=" + Report.minutes(total)
                + " interval_s=" + Report.seconds(interval) + " prewarm_s=" + Report.seconds(properties.prewarm()));

        loop.run(scenario, zkrpc, properties.prewarm(), Duration.ZERO);
        sample(Duration.ZERO, null);

        long calls = 0;
        long errors = 0;
        Heaps atOneMinute = null;
        Heaps last = null;
        for (long window = 1; window <= windows; window++) {
            Measurement measurement = loop.run(scenario, zkrpc, Duration.ZERO, interval);
            calls += measurement.calls();
            errors += measurement.errors();
            if (measurement.errors() > 0) {
                report.line("ERROR " + scenario.fields() + " target=zkrpc errors=" + measurement.errors()
                        + " first=" + measurement.firstError());
            }
            Duration elapsed = interval.multipliedBy(window);
            last = sample(elapsed, measurement.figures());
            if (atOneMinute == null && elapsed.compareTo(ONE_MINUTE) >= 0) {
                atOneMinute = last;
            }
        }
        report.line("RESULT scenario=soak minutes=" + Report.minutes(total) + " calls=" + calls + " errors=" + errors
                + " consumer_old_gen_after_gc_mb_1min=" + Report.mebibytes(atOneMinute.consumer().oldGen())
                + " consumer_old_gen_after_gc_mb_end=" + Report.mebibytes(last.consumer().oldGen())
                + " provider_old_gen_after_gc_mb_1min=" + Report.mebibytes(atOneMinute.provider().oldGen())
                + " provider_old_gen_after_gc_mb_end=" + Report.mebibytes(last.provider().oldGen()));
        return errors == 0 ? 0 : 1;
    }

    /** A full GC in both JVMs, reported as a {@code SOAK} line. */
    private Heaps sample(Duration elapsed, Figures window) {
        HeapAfterGc consumer = JvmMemory.collect();
        HeapAfterGc providerHeap = provider.collect();
        report.line("SOAK minute=" + Report.minutes(elapsed)
                + (window == null ? "" : " calls_per_s=" + window.callsPerSecond() + " p50_us=" + window.p50Us()
                        + " p99_us=" + window.p99Us() + " errors=" + window.errors())
                + " consumer_old_gen_after_gc_mb=" + Report.mebibytes(consumer.oldGen())
                + " consumer_heap_after_gc_mb=" + Report.mebibytes(consumer.heap())
                + " provider_old_gen_after_gc_mb=" + Report.mebibytes(providerHeap.oldGen())
                + " provider_heap_after_gc_mb=" + Report.mebibytes(providerHeap.heap()));
        return new Heaps(consumer, providerHeap);
    }

    private record Heaps(HeapAfterGc consumer, HeapAfterGc provider) {
    }
}
