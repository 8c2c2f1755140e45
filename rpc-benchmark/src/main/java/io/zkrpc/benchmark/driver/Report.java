package io.zkrpc.benchmark.driver;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The report's lines, one {@code KEY name=value …} per line so that scripts can grep them:
 * {@code ROUND} per run, {@code RESULT} per scenario and target with the medians over the rounds,
 * {@code RATIO} per scenario (zkrpc over the servlet floor {@code floor-servlet}), {@code RATIO_MVC} (zkrpc over the
 * MVC floor {@code floor}), {@code VERDICT} (the done-when rule of the issue against the servlet floor, see
 * {@link #verdictLine}), and {@code RATIO_AUTH}, {@code RATIO_OBSERVED}, {@code RATIO_GOVERNED}, {@code RATIO_JSONB} with the opt-in
 * targets; {@code BENCH}, {@code PREWARM}, {@code SOAK} and {@code ERROR} around them.
 */
final class Report {

    /** How much later than the floor's p50 zkrpc's may be at C=1, in microseconds. */
    static final long P50_MARGIN_US = 10;

    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    void line(String line) {
        out.println(line);
        out.flush();
    }

    static String roundLine(int round, Scenario scenario, Target target, Figures figures) {
        return "ROUND round=" + round + " " + scenario.fields() + " target=" + target.label()
                + " calls_per_s=" + figures.callsPerSecond() + " p50_us=" + figures.p50Us() + " p99_us=" + figures.p99Us()
                + " p999_us=" + figures.p999Us() + " max_us=" + figures.maxUs() + " errors=" + figures.errors()
                + " alloc_per_call_bytes=" + figures.allocPerCall()
                + " consumer_alloc_per_call_bytes=" + figures.consumerAllocPerCall()
                + " provider_alloc_per_call_bytes=" + figures.providerAllocPerCall();
    }

    static String resultLine(Scenario scenario, Target target, Figures medians) {
        return "RESULT " + scenario.fields() + " target=" + target.label()
                + " calls_per_s=" + medians.callsPerSecond() + " p50_us=" + medians.p50Us() + " p99_us=" + medians.p99Us()
                + " errors=" + medians.errors() + " alloc_per_call_bytes=" + medians.allocPerCall();
    }

    /** {@code KEY scenario=… c=… throughput=… p99=…}: zkrpc over {@code floor}. */
    static String ratioLine(String key, Scenario scenario, Figures floor, Figures zkrpc) {
        return key + " " + scenario.fields() + " throughput=" + ratio(zkrpc.callsPerSecond(), floor.callsPerSecond())
                + " p99=" + ratio(zkrpc.p99Us(), floor.p99Us());
    }

    /**
     * {@code VERDICT scenario=… c=… throughput=… p99=… p50_delta_us=… alloc=… pass=…}: zkrpc against the servlet floor,
     * the ratios with two decimals, the p50 difference in microseconds, and whether zkrpc meets the rule of
     * {@link #passes}.
     */
    static String verdictLine(Scenario scenario, Figures floor, Figures zkrpc) {
        return "VERDICT " + scenario.fields() + " throughput=" + ratio(zkrpc.callsPerSecond(), floor.callsPerSecond())
                + " p99=" + ratio(zkrpc.p99Us(), floor.p99Us()) + " p50_delta_us=" + (zkrpc.p50Us() - floor.p50Us())
                + " alloc=" + ratio(zkrpc.allocPerCall(), floor.allocPerCall()) + " pass=" + passes(scenario, floor, zkrpc);
    }

    /**
     * The done-when rule of issue 15: with callers in parallel, at least the floor's throughput and at most its
     * p99 (the issue names C ≥ 8 and the 256 KiB payload, which runs at C=4: every scenario above C=1); at C=1, a p50
     * at most {@link #P50_MARGIN_US} above the floor's; in every scenario, at most the floor's allocation per call.
     * The figures themselves are compared, not the rounded ratios; a target with errors never passes.
     */
    static boolean passes(Scenario scenario, Figures floor, Figures zkrpc) {
        boolean latency = scenario.concurrency() == 1 ? zkrpc.p50Us() <= floor.p50Us() + P50_MARGIN_US
                : zkrpc.callsPerSecond() >= floor.callsPerSecond() && zkrpc.p99Us() <= floor.p99Us();
        return latency && zkrpc.allocPerCall() <= floor.allocPerCall() && zkrpc.errors() == 0 && floor.errors() == 0;
    }

    /** {@code a/b} with two decimals, or {@code n/a} when {@code b} is 0. */
    static String ratio(long a, long b) {
        return b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", (double) a / b);
    }

    /** A duration in seconds: whole ones as an integer, else with a fraction. */
    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? Long.toString(duration.toSeconds()) : Double.toString(duration.toMillis() / 1000.0);
    }

    /** A duration in minutes: whole ones as an integer, else with two decimals. */
    static String minutes(Duration duration) {
        return duration.toSeconds() % 60 == 0 && duration.toMillis() % 1000 == 0 ? Long.toString(duration.toMinutes())
                : String.format(Locale.ROOT, "%.2f", duration.toMillis() / 60_000.0);
    }

    /** Bytes as mebibytes with one decimal; {@code n/a} for a negative (unknown) figure. */
    static String mebibytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
