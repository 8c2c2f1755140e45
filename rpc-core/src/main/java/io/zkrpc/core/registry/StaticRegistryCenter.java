package io.zkrpc.core.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory registry: for tests, and for calling providers at fixed addresses without
 * ZooKeeper. Changes are delivered synchronously to subscribers.
 */
public final class StaticRegistryCenter implements RegistryCenter {

    private static final Logger log = LoggerFactory.getLogger(StaticRegistryCenter.class);

    private final Map<ServiceKey, List<Instance>> instances = new ConcurrentHashMap<>();
    private final Map<ServiceKey, List<ChangedListener>> listeners = new ConcurrentHashMap<>();

    /** A registry that lists {@code fixed} as the instances of {@code service}. */
    public static StaticRegistryCenter of(ServiceKey service, Instance... fixed) {
        StaticRegistryCenter registry = new StaticRegistryCenter();
        for (Instance instance : fixed) {
            registry.register(service, instance);
        }
        return registry;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public void register(ServiceKey service, Instance instance) {
        update(service, list -> {
            list.removeIf(known -> known.address().equals(instance.address()));
            list.add(instance);
        });
    }

    @Override
    public void unregister(ServiceKey service, Instance instance) {
        update(service, list -> list.removeIf(known -> known.address().equals(instance.address())));
    }

    @Override
    public List<Instance> fetchAll(ServiceKey service) {
        return instances.getOrDefault(service, List.of());
    }

    @Override
    public Subscription subscribe(ServiceKey service, ChangedListener listener) {
        listeners.computeIfAbsent(service, key -> new CopyOnWriteArrayList<>()).add(listener);
        notify(listener, service, fetchAll(service));
        return () -> listeners.getOrDefault(service, List.of()).remove(listener);
    }

    private void update(ServiceKey service, java.util.function.Consumer<List<Instance>> change) {
        List<Instance> updated = instances.compute(service, (key, current) -> {
            List<Instance> copy = new ArrayList<>(current == null ? List.of() : current);
            change.accept(copy);
            return List.copyOf(copy);
        });
        for (ChangedListener listener : listeners.getOrDefault(service, List.of())) {
            notify(listener, service, updated);
        }
    }

    private static void notify(ChangedListener listener, ServiceKey service, List<Instance> list) {
        try {
            listener.onChange(service, list);
        } catch (RuntimeException e) {
            log.warn("Listener {} of {} failed: {}", listener, service, e.toString());
        }
    }
}
