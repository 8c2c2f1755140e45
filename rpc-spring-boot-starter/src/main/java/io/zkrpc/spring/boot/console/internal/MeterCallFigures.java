package io.zkrpc.spring.boot.console.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.DoubleStream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

/**
 * Per-method figures from the timers {@code zkrpc.client.requests} and {@code zkrpc.server.requests}
 * (tags {@code rpc.service}, {@code rpc.method}, {@code outcome}): one timer per outcome, summed for
 * the counts; the percentiles are those of the successful calls' timer, or of the busiest one when
 * no call succeeded.
 *
 * <p>Calls per second are the count's change between two reads at least a second apart: however
 * many pages poll, and however often, a rate always spans a second or more.
 */
public final class MeterCallFigures implements CallFigures {

    static final String CLIENT_TIMER = "zkrpc.client.requests";
    static final String SERVER_TIMER = "zkrpc.server.requests";
    private static final long MIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MeterRegistry registry;
    private final LongSupplier nanoTime;
    private final Map<String, Rate> rates = new ConcurrentHashMap<>();

    /** Reads the timers of {@code registry}. */
    public MeterCallFigures(MeterRegistry registry) {
        this(registry, System::nanoTime);
    }

    MeterCallFigures(MeterRegistry registry, LongSupplier nanoTime) {
        this.registry = registry;
        this.nanoTime = nanoTime;
    }

    /**
     * Keeps the median and the 99th percentile (client-side percentiles, over Micrometer's decaying
     * window) of the timers {@code zkrpc.client.requests} and {@code zkrpc.server.requests}, besides the
     * percentiles already configured.
     */
    public static MeterFilter percentiles() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                // The two request timers only: not their ".active" long-task timers, nor any other meter.
                if (!id.getName().equals(CLIENT_TIMER) && !id.getName().equals(SERVER_TIMER)) {
                    return config;
                }
                double[] configured = config.getPercentiles() == null ? new double[0] : config.getPercentiles();
                double[] merged = DoubleStream.concat(Arrays.stream(configured), DoubleStream.of(0.5, 0.99)).distinct().sorted().toArray();
                return DistributionStatisticConfig.builder().percentiles(merged).build().merge(config);
            }
        };
    }

    @Override
    public List<MethodFigures> read() {
        List<MethodFigures> figures = new ArrayList<>();
        figures.addAll(read("client", registry.find(CLIENT_TIMER).timers()));
        figures.addAll(read("server", registry.find(SERVER_TIMER).timers()));
        return figures;
    }

    private List<MethodFigures> read(String side, Collection<Timer> timers) {
        Map<List<String>, List<Timer>> byMethod = new LinkedHashMap<>();
        for (Timer timer : timers) {
            String service = tag(timer, "rpc.service");
            String method = tag(timer, "rpc.method");
            byMethod.computeIfAbsent(List.of(service, method), key -> new ArrayList<>()).add(timer);
        }
        long now = nanoTime.getAsLong();
        List<MethodFigures> figures = new ArrayList<>();
        byMethod.forEach((key, methodTimers) -> {
            long calls = 0;
            long errors = 0;
            Timer success = null;
            Timer busiest = null;
            for (Timer timer : methodTimers) {
                long count = timer.count();
                calls += count;
                if ("SUCCESS".equalsIgnoreCase(timer.getId().getTag("outcome"))) {
                    success = timer;
                } else {
                    errors += count;
                }
                if (busiest == null || count > busiest.count()) {
                    busiest = timer;
                }
            }
            Timer latency = success != null && success.count() > 0 ? success : busiest;
            Double rate = rates.computeIfAbsent(side + " " + key, any -> new Rate()).update(calls, now);
            figures.add(new MethodFigures(side, key.get(0), key.get(1), calls, errors, rate,
                    percentile(latency, 0.5), percentile(latency, 0.99)));
        });
        figures.sort(Comparator.comparing(MethodFigures::service).thenComparing(MethodFigures::method));
        return figures;
    }

    private static String tag(Meter meter, String key) {
        String value = meter.getId().getTag(key);
        return value == null ? "?" : value;
    }

    /** The percentile over the decaying window, or {@code null} when no call fell in it (Micrometer then says 0). */
    private static Double percentile(Timer timer, double percentile) {
        for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
            if (Math.abs(value.percentile() - percentile) < 1e-9) {
                return value.value() == 0 ? null : value.value(TimeUnit.MILLISECONDS);
            }
        }
        return null;
    }

    /** The rate of one method's count: the last interval of a second or more, replaced once the next one is over. */
    private static final class Rate {

        private long baseCount;
        private long baseNanos;
        private boolean based;
        private Double perSecond;

        synchronized Double update(long count, long now) {
            if (!based) {
                based = true;
            } else if (now - baseNanos >= MIN_INTERVAL_NANOS) {
                perSecond = (count - baseCount) * 1e9 / (now - baseNanos);
            } else {
                return perSecond;
            }
            baseCount = count;
            baseNanos = now;
            return perSecond;
        }
    }
}
