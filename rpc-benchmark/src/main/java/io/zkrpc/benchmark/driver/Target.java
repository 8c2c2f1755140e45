package io.zkrpc.benchmark.driver;

import java.util.EnumSet;
import java.util.List;

/**
 * What a scenario runs through: the hand-written call on a plain servlet (the floor of {@code RATIO}), the
 * hand-written call in a Spring MVC controller (the MVC floor of {@code RATIO_MVC}), zkrpc, zkrpc with signed
 * calls (opt-in), zkrpc with observations on, timers and spans on both sides (opt-in), or zkrpc with governance
 * on: filters on both sides, attachments, a tag and a balancer (opt-in), or zkrpc with
 * the JSONB codec ({@code zkrpc.consumer.codec=jsonb}, same provider and service; opt-in).
 */
enum Target {
    FLOOR_SERVLET("floor-servlet"), FLOOR("floor"), ZKRPC("zkrpc"), ZKRPC_AUTH("zkrpc-auth"), ZKRPC_OBSERVED("zkrpc-observed"),
    ZKRPC_GOVERNED("zkrpc-governed"), ZKRPC_JSONB("zkrpc-jsonb");

    private final String label;

    Target(String label) {
        this.label = label;
    }

    /** The name in the report and in {@code bench.targets}. */
    String label() {
        return label;
    }

    /** The targets a comma-separated list names, in this enum's order; blank selects both floors and zkrpc. */
    static List<Target> select(String list) {
        if (list == null || list.isBlank()) {
            return List.of(FLOOR_SERVLET, FLOOR, ZKRPC);
        }
        EnumSet<Target> selected = EnumSet.noneOf(Target.class);
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                selected.add(parse(item.trim()));
            }
        }
        return List.copyOf(selected);
    }

    private static Target parse(String label) {
        for (Target target : values()) {
            if (target.label().equalsIgnoreCase(label)) {
                return target;
            }
        }
        throw new IllegalArgumentException("No target '" + label + "'; there are floor-servlet, floor, zkrpc, zkrpc-auth, zkrpc-observed, zkrpc-governed, zkrpc-jsonb");
    }
}
