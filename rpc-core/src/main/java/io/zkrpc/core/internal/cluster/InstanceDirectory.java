package io.zkrpc.core.internal.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.Weights;
import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;

/**
 * The live instance list of one service: an immutable snapshot that the registry subscription
 * replaces atomically, so that the call path reads it without locks and never reads the registry.
 *
 * <p>It also watches the service's {@linkplain ServiceRules rules} for as long as it lives: each
 * snapshot holds the instances with the rules' weights applied (an instance named in the rules'
 * {@code instances} is re-created with that {@code weight} metadata, so that balancers read it as
 * any weight) and the {@link TagRouting} prepared for them. A malformed rule is refused with one
 * WARN and the last good one stays; deleted rules are cleared. The rules are read once, with the
 * instances, before this directory is returned, so that the first calls already follow them; the
 * watch then follows their changes. Each rules version whose {@code instances} name an address no
 * current instance has is reported with one WARN (a host name where the instance registered its IP
 * looks applied and changes nothing).
 */
public final class InstanceDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstanceDirectory.class);

    private final ServiceKey service;
    private final RegistryCenter registry;
    private final AtomicReference<Snapshot> snapshot =
            new AtomicReference<>(new Snapshot(List.of(), ServiceRules.NONE, TagRouting.of(List.of(), null)));
    private final Consumer<List<Instance>> onChange;
    private final Subscription subscription;
    private final Subscription rulesWatch;
    private volatile String unavailable;
    /** What the registry lists, before the rules apply; guarded by {@code this}. */
    private List<Instance> registered = List.of();
    /** The rules in force; guarded by {@code this}. */
    private ServiceRules rules = ServiceRules.NONE;
    /** The last rules text refused, so that the same bad text is reported once; guarded by {@code this}. */
    private String refused;

    /**
     * What the call path reads, in one volatile read.
     *
     * @param instances the instances with the rules' weights applied
     * @param rules the rules in force
     * @param routing the tag routing of {@code instances} under the rules' gray rule
     */
    public record Snapshot(List<Instance> instances, ServiceRules rules, TagRouting routing) {
    }

    private InstanceDirectory(ServiceKey service, RegistryCenter registry, Consumer<List<Instance>> onChange) {
        this.service = service;
        this.registry = registry;
        this.onChange = onChange;
        try {
            replace(registry.fetchAll(service));
        } catch (RpcException e) {
            if (e.code() != RpcErrorCode.REGISTRY_UNAVAILABLE) {
                throw e;
            }
            unavailable = e.getMessage();
            log.warn("{}; its calls fail until the registry answers", e.getMessage());
        }
        String rulesNow = null;
        try {
            rulesNow = registry.fetchRules(service);
        } catch (RpcException e) {
            if (e.code() != RpcErrorCode.REGISTRY_UNAVAILABLE) {
                throw e;
            }
            // As the instances: unknown until the registry answers, when the watch delivers them.
            log.debug("Could not read the rules of {}: {}", service, e.getMessage());
        }
        if (rulesNow != null) {
            onRules(rulesNow);
        }
        // The subscription's first delivery is at least as new as the fetch, so it may replace it.
        ChangedListener listener = (key, current) -> replace(current);
        this.subscription = registry.subscribe(service, listener);
        Subscription watch;
        try {
            watch = registry.watchRules(service, (key, text) -> onRules(text));
        } catch (RuntimeException e) {
            subscription.close();
            throw e;
        }
        this.rulesWatch = watch;
    }

    /** Reads the instances of {@code service} and follows their changes until closed. */
    public static InstanceDirectory subscribe(ServiceKey service, RegistryCenter registry) {
        return subscribe(service, registry, instances -> { });
    }

    /**
     * Reads the instances of {@code service} and follows their changes until closed, telling
     * {@code onChange} each new list (on the registry's thread; it must not block).
     */
    public static InstanceDirectory subscribe(ServiceKey service, RegistryCenter registry, Consumer<List<Instance>> onChange) {
        return new InstanceDirectory(service, registry, onChange);
    }

    /** The instances known now, the rules' weights applied; an immutable snapshot. */
    public List<Instance> instances() {
        return snapshot.get().instances();
    }

    /** The instances, rules and routing in force now. */
    public Snapshot snapshot() {
        return snapshot.get();
    }

    /** Why the list is empty because the registry could not be read, or {@code null}. */
    public String unavailableReason() {
        return unavailable;
    }

    /**
     * Where instances of the same interface are registered instead, when this list is empty: a
     * clause such as {@code "; found 2 under environment 'dev' and 1 under version '2.0': check
     * zkrpc.environment and the version of @RpcReference and @RpcService"}, or an empty string.
     * It reads the registry: call it only on the failure path.
     */
    public String elsewhere() {
        Map<ServiceKey, Integer> found;
        try {
            found = registry.elsewhere(service);
        } catch (RuntimeException e) {
            log.debug("Could not look for {} under other environments and versions: {}", service, e.toString());
            return "";
        }
        return ElsewhereHint.of(service, found);
    }

    private synchronized void replace(List<Instance> current) {
        unavailable = null;
        List<Instance> now = List.copyOf(current);
        boolean changed = !registered.equals(now);
        registered = now;
        if (changed) {
            log.atInfo().addKeyValue("service", service.toString()).log("Instances of {} changed: {}", service, now);
            rebuild();
        }
    }

    private synchronized void onRules(String text) {
        if (text == null) {
            refused = null;
            if (!rules.isEmpty()) {
                rules = ServiceRules.NONE;
                log.atInfo().addKeyValue("service", service.toString()).log("Rules of {} deleted: none in force", service);
                rebuild();
            }
            return;
        }
        ServiceRules parsed;
        try {
            parsed = ServiceRules.parse(text);
        } catch (IllegalArgumentException e) {
            if (!text.equals(refused)) {
                refused = text;
                log.atWarn().addKeyValue("service", service.toString()).log("Refused the rules of {}: {}; the last good rules stay in force: {}",
                        service, e.getMessage(), rules.isEmpty() ? "none" : rules.toJson());
            }
            return;
        }
        refused = null;
        if (!parsed.equals(rules)) {
            rules = parsed;
            log.atInfo().addKeyValue("service", service.toString()).log("Rules of {} applied: {}", service,
                    parsed.isEmpty() ? "none" : parsed.toJson());
            List<String> unmatched = unmatched(parsed, registered);
            if (!unmatched.isEmpty()) {
                log.atWarn().addKeyValue("service", service.toString()).log("The rules of {} name {} address(es) no instance has now: {};"
                        + " their weights apply only to an instance registered at exactly that host:port (the instances: {})",
                        service, unmatched.size(), firstFew(unmatched), firstFew(addresses(registered)));
            }
            rebuild();
        }
    }

    /** The addresses {@code rules} give a weight that no instance of {@code instances} has, in order. */
    private static List<String> unmatched(ServiceRules rules, List<Instance> instances) {
        if (rules.weights().isEmpty()) {
            return List.of();
        }
        Set<String> present = new HashSet<>(addresses(instances));
        return rules.weights().keySet().stream().filter(address -> !present.contains(address)).toList();
    }

    private static List<String> addresses(List<Instance> instances) {
        return instances.stream().map(Instance::address).toList();
    }

    /** At most ten of {@code addresses}, for a log line of bounded length. */
    private static String firstFew(List<String> addresses) {
        return addresses.size() <= 10 ? addresses.toString()
                : addresses.subList(0, 10).toString() + " and " + (addresses.size() - 10) + " more";
    }

    /** A new snapshot from what the registry lists and the rules in force; called holding {@code this}. */
    private void rebuild() {
        List<Instance> instances = weighted(registered, rules.weights());
        Snapshot previous = snapshot.getAndSet(new Snapshot(instances, rules, TagRouting.of(instances, rules.gray())));
        if (!previous.instances().equals(instances)) {
            onChange.accept(instances);
        }
    }

    /** {@code instances}, those that {@code weights} names re-created with that weight; {@code instances} itself when it names none. */
    private static List<Instance> weighted(List<Instance> instances, Map<String, Integer> weights) {
        if (weights.isEmpty()) {
            return instances;
        }
        List<Instance> weighted = new ArrayList<>(instances.size());
        for (Instance instance : instances) {
            Integer weight = weights.get(instance.address());
            if (weight == null || String.valueOf(weight).equals(instance.metadata().get(Weights.KEY))) {
                weighted.add(instance);
            } else {
                Map<String, String> metadata = new HashMap<>(instance.metadata());
                metadata.put(Weights.KEY, String.valueOf(weight));
                weighted.add(new Instance(instance.scheme(), instance.host(), instance.port(), instance.path(), metadata));
            }
        }
        return List.copyOf(weighted);
    }

    @Override
    public void close() {
        subscription.close();
        rulesWatch.close();
    }
}
