package io.zkrpc.spring.boot.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.RegistryStatus;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

/**
 * Health of the registry connection and of this instance's registrations: up while the registry
 * answers and holds every registration of this process; down while it does not answer, while
 * another live process holds one of them (two instances announcing the same address: the
 * {@code conflicts} detail says which and what to do), or while a registration of this provider is
 * missing from it (the {@code missing} detail names them); out of service while an operator took
 * the instance offline (the {@code zkrpc} endpoint's {@code offline} operation). The details name
 * the registry, count its registrations, list its subscriptions and add what the registry's
 * implementation reports of its own (for ZooKeeper: session, snapshot use, held-back changes).
 * Calls keep working from the last known lists while it is down, so this indicator belongs in the
 * readiness group (the starter adds it there by default) rather than in liveness.
 */
public class RegistryHealthIndicator extends AbstractHealthIndicator {

    private final RegistryCenter registry;
    private final Supplier<RpcProviderLifecycle> provider;

    /** Reports on {@code registry}, reading its status afresh on every check. */
    public RegistryHealthIndicator(RegistryCenter registry) {
        this(registry, () -> null);
    }

    /**
     * Reports on {@code registry} and on the registrations of {@code provider}, which supplies
     * {@code null} in an application that exports nothing.
     */
    public RegistryHealthIndicator(RegistryCenter registry, Supplier<RpcProviderLifecycle> provider) {
        super("zkrpc registry health check failed");
        this.registry = registry;
        this.provider = provider;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        RegistryStatus status = registry.status();
        RpcProviderLifecycle lifecycle = provider.get();
        List<String> missing = missing(status, lifecycle);
        if (lifecycle != null && lifecycle.isOffline()) {
            builder.outOfService().withDetail("provider", "offline");
        } else if (!status.healthy() || !missing.isEmpty()) {
            builder.down();
        } else {
            builder.up();
        }
        builder.withDetail("registry", status.registry())
                .withDetail("registered", status.registered().size())
                .withDetail("subscriptions", status.subscriptions())
                .withDetails(status.details());
        if (!missing.isEmpty()) {
            builder.withDetail("missing", missing);
        }
        if (!status.conflicts().isEmpty()) {
            builder.withDetail("conflicts", status.conflicts());
        }
    }

    /**
     * The registrations of this provider that the registry does not hold: exported services left
     * unregistered once the application was ready (and not offline), and the registry's own report
     * of registrations it keeps without a node.
     */
    private static List<String> missing(RegistryStatus status, RpcProviderLifecycle lifecycle) {
        List<String> missing = new ArrayList<>();
        if (lifecycle != null && !lifecycle.isOffline() && lifecycle.instance() != null) {
            List<ServiceKey> registered = lifecycle.registeredServices();
            for (ServiceKey service : lifecycle.exportedServices()) {
                if (!registered.contains(service)) {
                    missing.add(service + " at " + lifecycle.instance().address());
                }
            }
        }
        if (status.details().get("missing") instanceof Collection<?> reported) {
            reported.forEach(entry -> missing.add(String.valueOf(entry)));
        }
        return missing;
    }
}
