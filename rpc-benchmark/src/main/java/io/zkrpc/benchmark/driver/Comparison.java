package io.zkrpc.benchmark.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkrpc.benchmark.api.BenchService;

/**
 * The comparison: every scenario pre-warmed on every target, then {@code rounds} rounds in which
 * each scenario runs through the floor and zkrpc in turn (the order reversed every round, so that
 * neither always runs second), then the medians and the ratios: {@code RATIO} is zkrpc over the
 * servlet floor ({@code floor-servlet}) and {@code VERDICT} the done-when rule against it, {@code RATIO_MVC}
 * zkrpc over the MVC floor ({@code floor}), {@code RATIO_AUTH} signed zkrpc calls over unsigned ones when
 * {@code zkrpc-auth} ran, {@code RATIO_OBSERVED} observed zkrpc calls over unobserved ones when {@code zkrpc-observed}
 * ran, {@code RATIO_GOVERNED} governed zkrpc calls over plain ones when {@code zkrpc-governed} ran,
 * {@code RATIO_JSONB} JSONB calls over JSON ones when {@code zkrpc-jsonb} ran.
 */
final class Comparison {

    private final BenchProperties properties;
    private final ClosedLoop loop;
    private final Map<Target, BenchService> services;
    private final Report report;

    Comparison(BenchProperties properties, ClosedLoop loop, Map<Target, BenchService> services, Report report) {
        this.properties = properties;
        this.loop = loop;
        this.services = services;
        this.report = report;
    }

    /** Runs the comparison; answers the exit code: 0, or 1 when a call failed. */
    int run() throws InterruptedException {
        List<Scenario> scenarios = Scenario.select(properties.scenarios());
        List<Target> targets = Target.select(properties.targets());
        if (properties.rounds() < 1) {
            throw new IllegalArgumentException("bench.rounds must be at least 1");
        }
        report.line("BENCH mode=compare scenarios=" + String.join(",", scenarios.stream().map(Scenario::label).toList())
                + " targets=" + String.join(",", targets.stream().map(Target::label).toList())
                + " prewarm_s=" + Report.seconds(properties.prewarm()) + " warmup_s=" + Report.seconds(properties.warmup())
                + " measure_s=" + Report.seconds(properties.measure()) + " rounds=" + properties.rounds());

        for (Scenario scenario : scenarios) {
            for (Target target : targets) {
                loop.run(scenario, services.get(target), properties.prewarm(), Duration.ZERO);
                report.line("PREWARM " + scenario.fields() + " target=" + target.label() + " done");
            }
        }

        Map<Scenario, Map<Target, List<Figures>>> rounds = new LinkedHashMap<>();
        long errors = 0;
        for (int round = 1; round <= properties.rounds(); round++) {
            List<Target> order = new ArrayList<>(targets);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (Scenario scenario : scenarios) {
                for (Target target : order) {
                    Measurement measurement = loop.run(scenario, services.get(target), properties.warmup(), properties.measure());
                    Figures figures = measurement.figures();
                    report.line(Report.roundLine(round, scenario, target, figures));
                    if (measurement.errors() > 0) {
                        report.line("ERROR round=" + round + " " + scenario.fields() + " target=" + target.label()
                                + " errors=" + measurement.errors() + " first=" + measurement.firstError());
                    }
                    errors += measurement.errors();
                    rounds.computeIfAbsent(scenario, key -> new LinkedHashMap<>())
                            .computeIfAbsent(target, key -> new ArrayList<>()).add(figures);
                }
            }
        }

        for (Map.Entry<Scenario, Map<Target, List<Figures>>> scenario : rounds.entrySet()) {
            Map<Target, Figures> medians = new LinkedHashMap<>();
            for (Target target : targets) {
                Figures figures = Figures.medianOf(scenario.getValue().get(target));
                medians.put(target, figures);
                report.line(Report.resultLine(scenario.getKey(), target, figures));
            }
            if (medians.containsKey(Target.FLOOR_SERVLET) && medians.containsKey(Target.ZKRPC)) {
                report.line(Report.ratioLine("RATIO", scenario.getKey(), medians.get(Target.FLOOR_SERVLET), medians.get(Target.ZKRPC)));
            }
            if (medians.containsKey(Target.FLOOR) && medians.containsKey(Target.ZKRPC)) {
                report.line(Report.ratioLine("RATIO_MVC", scenario.getKey(), medians.get(Target.FLOOR), medians.get(Target.ZKRPC)));
            }
            if (medians.containsKey(Target.FLOOR_SERVLET) && medians.containsKey(Target.ZKRPC)) {
                report.line(Report.verdictLine(scenario.getKey(), medians.get(Target.FLOOR_SERVLET), medians.get(Target.ZKRPC)));
            }
            if (medians.containsKey(Target.ZKRPC) && medians.containsKey(Target.ZKRPC_AUTH)) {
                report.line(Report.ratioLine("RATIO_AUTH", scenario.getKey(), medians.get(Target.ZKRPC), medians.get(Target.ZKRPC_AUTH)));
            }
            if (medians.containsKey(Target.ZKRPC) && medians.containsKey(Target.ZKRPC_JSONB)) {
                report.line(Report.ratioLine("RATIO_JSONB", scenario.getKey(), medians.get(Target.ZKRPC), medians.get(Target.ZKRPC_JSONB)));
            }
            if (medians.containsKey(Target.ZKRPC) && medians.containsKey(Target.ZKRPC_OBSERVED)) {
                report.line(Report.ratioLine("RATIO_OBSERVED", scenario.getKey(), medians.get(Target.ZKRPC),
                        medians.get(Target.ZKRPC_OBSERVED)));
            }
            if (medians.containsKey(Target.ZKRPC) && medians.containsKey(Target.ZKRPC_GOVERNED)) {
                report.line(Report.ratioLine("RATIO_GOVERNED", scenario.getKey(), medians.get(Target.ZKRPC),
                        medians.get(Target.ZKRPC_GOVERNED)));
            }
        }
        return errors == 0 ? 0 : 1;
    }
}
