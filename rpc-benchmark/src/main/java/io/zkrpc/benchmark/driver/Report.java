package io.zkrpc.benchmark.driver;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The report's lines, one {@code KEY name=value …} per line so that scripts can grep them:
 * {@code ROUND} per run, {@code RESULT} per scenario and target with the medians over the rounds,
 * {@code RATIO} per scenario (and {@code RATIO_FLOOR_SERVLET} with the opt-in servlet floor);
 * {@code BENCH}, {@code PREWARM}, {@code SOAK} and {@code ERROR} around them.
 */
final class Report {

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
