package io.zkrpc.benchmark.driver;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/** What a scenario runs through: the hand-written floor or zkrpc. */
enum Target {
    FLOOR, ZKRPC;

    /** The name in the report: {@code floor} or {@code zkrpc}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The targets a comma-separated list names, in this enum's order; blank selects both. */
    static List<Target> select(String list) {
        if (list == null || list.isBlank()) {
            return List.of(values());
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
        throw new IllegalArgumentException("No target '" + label + "'; there are floor, zkrpc");
    }
}
