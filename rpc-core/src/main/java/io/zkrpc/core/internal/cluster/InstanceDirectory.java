package io.zkrpc.core.internal.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;

/**
 * The live instance list of one service: an immutable snapshot that the registry subscription
 * replaces atomically, so that the call path reads it without locks and never reads the registry.
 */
public final class InstanceDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InstanceDirectory.class);

    private final ServiceKey service;
    private final RegistryCenter registry;
    private final AtomicReference<List<Instance>> instances = new AtomicReference<>(List.of());
    private final Consumer<List<Instance>> onChange;
    private final Subscription subscription;
    private volatile String unavailable;

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
        // The subscription's first delivery is at least as new as the fetch, so it may replace it.
        ChangedListener listener = (key, current) -> replace(current);
        this.subscription = registry.subscribe(service, listener);
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

    /** The instances known now; an immutable snapshot. */
    public List<Instance> instances() {
        return instances.get();
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

    private void replace(List<Instance> current) {
        unavailable = null;
        List<Instance> snapshot = List.copyOf(current);
        List<Instance> previous = instances.getAndSet(snapshot);
        if (!previous.equals(snapshot)) {
            log.atInfo().addKeyValue("service", service.toString()).log("Instances of {} changed: {}", service, snapshot);
            onChange.accept(snapshot);
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
