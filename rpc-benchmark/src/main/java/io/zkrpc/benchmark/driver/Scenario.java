package io.zkrpc.benchmark.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.zkrpc.benchmark.api.BenchData;
import io.zkrpc.benchmark.api.BenchService;

/**
 * One workload: a call made back to back by {@code concurrency} callers, and the check of its reply.
 *
 * @param name the scenario's name in the report
 * @param concurrency how many callers call at once
 * @param call one call, answering whether the reply was the expected one
 */
record Scenario(String name, int concurrency, Call call) {

    private static final int KIB = 1024;
    private static final String ECHO_PAYLOAD = BenchData.text(KIB, 3);
    private static final int LIST_SIZE = 100;
    private static final int PAYLOAD_SIZE = 256 * KIB;

    /** One call through a target; {@code sequence} differs from call to call. */
    @FunctionalInterface
    interface Call {
        boolean call(BenchService service, int sequence);
    }

    /** The scenarios of the issue, in the order they run. */
    static List<Scenario> all() {
        Call findById = (service, sequence) -> {
            int id = sequence & (BenchData.DTO_COUNT - 1);
            return BenchData.dto(id).equals(service.findById(id));
        };
        return List.of(
                new Scenario("findById", 1, findById),
                new Scenario("findById", 32, findById),
                new Scenario("echo1k", 32, (service, sequence) -> ECHO_PAYLOAD.equals(service.echo(ECHO_PAYLOAD))),
                new Scenario("list100", 8, (service, sequence) -> BenchData.dtos(LIST_SIZE).equals(service.list(LIST_SIZE))),
                new Scenario("payload256k", 4, (service, sequence) -> BenchData.blob(PAYLOAD_SIZE).equals(service.blob(PAYLOAD_SIZE))));
    }

    /**
     * The scenarios that {@code filter} names: a comma-separated list of names ({@code findById})
     * or name and concurrency ({@code findById/32}); blank selects all.
     */
    static List<Scenario> select(String filter) {
        List<Scenario> all = all();
        if (filter == null || filter.isBlank()) {
            return all;
        }
        List<String> wanted = new ArrayList<>();
        for (String item : filter.split(",")) {
            if (!item.isBlank()) {
                wanted.add(item.trim());
            }
        }
        for (String item : wanted) {
            if (all.stream().noneMatch(scenario -> scenario.matches(item))) {
                throw new IllegalArgumentException("No scenario '" + item + "'; there are "
                        + all.stream().map(Scenario::label).collect(Collectors.joining(", ")));
            }
        }
        return all.stream().filter(scenario -> wanted.stream().anyMatch(scenario::matches)).toList();
    }

    /** {@code name/concurrency}, as the filter takes it. */
    String label() {
        return name + "/" + concurrency;
    }

    /** {@code scenario=… c=…}, as the report prints it. */
    String fields() {
        return "scenario=" + name + " c=" + concurrency;
    }

    private boolean matches(String item) {
        return item.equalsIgnoreCase(name) || item.equalsIgnoreCase(label());
    }
}
