package io.zkrpc.benchmark.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The deployment {@link RegistryBenchmark} registers and subscribes: {@code instances} instances
 * of {@code services} services, so {@code instances / services} replicas of each; {@code providers}
 * provider sessions (processes) forming {@code providers / replicas} applications, each exporting
 * an equal share of the services from every one of its replicas; {@code consumers} consumer
 * sessions of {@code subscriptions} services each.
 */
record Shape(int services, int instances, int providers, int consumers, int subscriptions, int changes, int storm,
        Duration sessionTimeout) {

    /** The default: 10,000 instances of 1,000 services by 250 providers, 50 consumers of 20 services each. */
    static final Map<String, String> DEFAULTS = Map.of("services", "1000", "instances", "10000", "providers", "250",
            "consumers", "50", "subscriptions", "20", "changes", "200", "storm", "1000", "session-timeout", "30s");

    Shape {
        positive("services", services);
        positive("instances", instances);
        positive("providers", providers);
        positive("consumers", consumers);
        positive("subscriptions", subscriptions);
        positive("changes", changes);
        if (storm < 0) {
            throw new IllegalArgumentException("storm is a number of instances, at least 0, not " + storm);
        }
        if (instances % services != 0) {
            throw new IllegalArgumentException("instances (" + instances + ") must be a multiple of services (" + services
                    + "): every service has the same number of replicas");
        }
        int replicas = instances / services;
        if (providers % replicas != 0 || services % (providers / replicas) != 0) {
            throw new IllegalArgumentException("providers (" + providers + ") must be a multiple of the replicas per service ("
                    + replicas + "), and services (" + services + ") a multiple of the applications they form (providers / replicas)");
        }
        if (subscriptions > services) {
            throw new IllegalArgumentException("subscriptions (" + subscriptions + ") cannot exceed services (" + services + ")");
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("session-timeout must be positive, not " + sessionTimeout);
        }
    }

    /** Parses {@code NAME=VALUE} arguments over {@link #DEFAULTS}; an unknown name or a bad number is an error naming it. */
    static Shape parse(Map<String, String> args) {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        for (Map.Entry<String, String> arg : args.entrySet()) {
            if (!DEFAULTS.containsKey(arg.getKey())) {
                throw new IllegalArgumentException("Unknown registry benchmark argument '" + arg.getKey() + "'; known: "
                        + new java.util.TreeSet<>(DEFAULTS.keySet()) + ", zookeeper, restart-request, heap-request");
            }
            values.put(arg.getKey(), arg.getValue());
        }
        return new Shape(number(values, "services"), number(values, "instances"), number(values, "providers"),
                number(values, "consumers"), number(values, "subscriptions"), number(values, "changes"), number(values, "storm"),
                duration(values.get("session-timeout")));
    }

    int replicas() {
        return instances / services;
    }

    int servicesPerProvider() {
        return services / (providers / replicas());
    }

    /** The services provider {@code p} registers one instance of. */
    int[] servicesOf(int p) {
        int first = p / replicas() * servicesPerProvider();
        return IntStream.range(first, first + servicesPerProvider()).toArray();
    }

    /** The providers registering an instance of service {@code s}, one per replica. */
    List<Integer> providersOf(int s) {
        int application = s / servicesPerProvider();
        List<Integer> providers = new ArrayList<>();
        for (int r = 0; r < replicas(); r++) {
            providers.add(application * replicas() + r);
        }
        return providers;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }

    private static int number(Map<String, String> values, String name) {
        try {
            return Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, not '" + values.get(name) + "'");
        }
    }

    private static Duration duration(String value) {
        if (value.matches("[0-9]{1,6}(ms|s)")) {
            return value.endsWith("ms") ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
                    : Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        throw new IllegalArgumentException("session-timeout takes a duration such as 30s or 4000ms, not '" + value + "'");
    }
}
