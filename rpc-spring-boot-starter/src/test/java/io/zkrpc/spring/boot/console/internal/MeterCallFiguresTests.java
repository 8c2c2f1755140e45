package io.zkrpc.spring.boot.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.zkrpc.spring.boot.console.internal.CallFigures.MethodFigures;

/** The figures read from timers named and tagged as the observations name and tag them. */
class MeterCallFiguresTests {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final MeterCallFigures figures = new MeterCallFigures(meters, nanos::get);

    MeterCallFiguresTests() {
        meters.config().meterFilter(MeterCallFigures.percentiles());
    }

    private Timer timer(String name, String method, String outcome) {
        return meters.timer(name, "rpc.service", "com.example.Orders", "rpc.method", method, "outcome", outcome, "error.code", "none");
    }

    /** Once the decaying window holds no call, Micrometer's percentiles read 0: the figures say "none" rather than 0 ms. */
    @Test
    void aMethodWithNoRecentCallHasNoPercentiles() {
        MockClock clock = new MockClock();
        MeterRegistry quiet = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        quiet.config().meterFilter(MeterCallFigures.percentiles());
        quiet.timer("zkrpc.client.requests", "rpc.service", "com.example.Orders", "rpc.method", "place", "outcome", "SUCCESS",
                "error.code", "none").record(Duration.ofMillis(7));
        MeterCallFigures quietFigures = new MeterCallFigures(quiet, nanos::get);
        assertThat(quietFigures.read().get(0).p50Millis()).isBetween(6.0, 8.0);

        clock.add(Duration.ofMinutes(5));

        MethodFigures place = quietFigures.read().get(0);
        assertThat(place.calls()).isEqualTo(1);
        assertThat(place.p50Millis()).isNull();
        assertThat(place.p99Millis()).isNull();
    }

    @Test
    void countsEveryOutcomeAndTakesPercentilesFromTheSuccessfulCalls() {
        for (int i = 1; i <= 100; i++) {
            timer("zkrpc.client.requests", "place", "SUCCESS").record(Duration.ofMillis(i));
        }
        timer("zkrpc.client.requests", "place", "SERVER_ERROR").record(Duration.ofSeconds(5));

        MethodFigures place = figures.read().get(0);

        assertThat(place.side()).isEqualTo("client");
        assertThat(place.service()).isEqualTo("com.example.Orders");
        assertThat(place.method()).isEqualTo("place");
        assertThat(place.calls()).isEqualTo(101);
        assertThat(place.errors()).isEqualTo(1);
        assertThat(place.p50Millis()).isBetween(45.0, 55.0);
        assertThat(place.p99Millis()).isBetween(95.0, 105.0);
    }

    @Test
    void callsPerSecondSpanAtLeastASecondBetweenReads() {
        Timer timer = timer("zkrpc.server.requests", "place", "SUCCESS");
        timer.record(1, TimeUnit.MILLISECONDS);
        assertThat(figures.read().get(0).callsPerSecond()).as("no interval yet").isNull();

        for (int i = 0; i < 30; i++) {
            timer.record(1, TimeUnit.MILLISECONDS);
        }
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(figures.read().get(0).callsPerSecond()).as("200 ms is too short an interval").isNull();

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1800));
        MethodFigures place = figures.read().get(0);
        assertThat(place.side()).isEqualTo("server");
        assertThat(place.callsPerSecond()).isEqualTo(15.0);

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(figures.read().get(0).callsPerSecond()).as("the last full interval's rate, until the next is over").isEqualTo(15.0);
    }

    @Test
    void percentilesAreAddedToTheRequestTimersOnly() {
        meters.timer("http.server.requests").record(Duration.ofMillis(3));
        meters.timer("zkrpc.client.requests.active.sample").record(Duration.ofMillis(3));
        timer("zkrpc.client.requests", "place", "SUCCESS").record(Duration.ofMillis(3));

        assertThat(meters.get("http.server.requests").timer().takeSnapshot().percentileValues()).isEmpty();
        assertThat(meters.get("zkrpc.client.requests.active.sample").timer().takeSnapshot().percentileValues()).isEmpty();
        assertThat(meters.get("zkrpc.client.requests").timer().takeSnapshot().percentileValues()).hasSize(2);
    }

    @Test
    void noTimersNoFigures() {
        meters.counter("zkrpc.other").increment();
        assertThat(figures.read()).isEmpty();
    }
}
