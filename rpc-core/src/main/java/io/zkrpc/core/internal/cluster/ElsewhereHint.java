package io.zkrpc.core.internal.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.zkrpc.core.registry.ServiceKey;

/**
 * The clause a {@code NO_PROVIDER} message ends with when the interface is registered under
 * another environment or version: the usual mistake of a newcomer, named with what to check.
 * Each environment and version named is cut to {@value #MAX_NAME} characters (ending in "…").
 */
public final class ElsewhereHint {

    /** Past this many places the clause only grows; the registry bounds its answer too. */
    private static final int MAX_PLACES = 8;
    /** Names come from registry nodes, which anyone may create: each is cut to this length. */
    static final int MAX_NAME = 64;

    private ElsewhereHint() {
    }

    /**
     * {@code "; found 2 under environment 'dev' and 1 under version '2.0': check …"}, or an empty
     * string when {@code found} names no other place of {@code service}'s interface.
     */
    public static String of(ServiceKey service, Map<ServiceKey, Integer> found) {
        List<Map.Entry<ServiceKey, Integer>> places = found.entrySet().stream()
                .filter(entry -> entry.getValue() > 0 && entry.getKey().interfaceName().equals(service.interfaceName())
                        && !entry.getKey().equals(service))
                .sorted(Comparator.comparing((Map.Entry<ServiceKey, Integer> entry) -> entry.getKey().environment())
                        .thenComparing(entry -> entry.getKey().version()))
                .limit(MAX_PLACES)
                .toList();
        if (places.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        boolean otherEnvironment = false;
        boolean otherVersion = false;
        for (Map.Entry<ServiceKey, Integer> place : places) {
            ServiceKey key = place.getKey();
            List<String> where = new ArrayList<>();
            if (!key.environment().equals(service.environment())) {
                where.add("environment '" + capped(key.environment()) + "'");
                otherEnvironment = true;
            }
            if (!key.version().equals(service.version())) {
                where.add(key.version().isEmpty() ? "no version" : "version '" + capped(key.version()) + "'");
                otherVersion = true;
            }
            parts.add(place.getValue() + " under " + String.join(" with ", where));
        }
        List<String> checks = new ArrayList<>();
        if (otherEnvironment) {
            checks.add("zkrpc.environment (here '" + capped(service.environment()) + "')");
        }
        if (otherVersion) {
            checks.add("the version of @RpcReference and @RpcService (here " + (service.version().isEmpty() ? "none" : "'" + capped(service.version()) + "'") + ")");
        }
        return "; found " + join(parts) + ": check " + String.join(" and ", checks);
    }

    /** {@code name}, or its first {@code MAX_NAME - 1} characters and "…" when longer. */
    static String capped(String name) {
        if (name.length() <= MAX_NAME) {
            return name;
        }
        int end = MAX_NAME - 1;
        if (Character.isHighSurrogate(name.charAt(end - 1))) {
            end--; // not half a character
        }
        return name.substring(0, end) + "\u2026";
    }

    private static String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
