package io.zkrpc.spring.boot.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.RegistryStatus;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

/**
 * Health of this instance's provider registrations ({@code zkrpcRegistration}): whether consumers
 * can find this instance. Up while every exported service is registered (and in an application
 * that exports nothing, or before it is ready); down while one of them is missing (the
 * {@code missing} detail names them: left unregistered, a node the registry has not created yet or
 * refused, or one that another live process holds, under {@code conflicts}); out of service while an
 * operator took the instance offline (the {@code zkrpc} endpoint). It never looks at the registry
 * session as such: a disconnected session whose nodes still stand leaves it up. This is the
 * indicator for readiness (the starter adds it to Boot's {@code readiness} group).
 */
public class RegistrationHealthIndicator extends AbstractHealthIndicator {

    private final RegistryCenter registry;
    private final RpcProviderLifecycle provider;

    /** Reports on the registrations of {@code provider} in {@code registry}. */
    public RegistrationHealthIndicator(RegistryCenter registry, RpcProviderLifecycle provider) {
        super("zkrpc registration health check failed");
        this.registry = registry;
        this.provider = provider;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<ServiceKey> exported = provider.exportedServices();
        Instance instance = provider.instance();
        if (provider.isOffline()) {
            builder.outOfService().withDetail("state", "offline");
            return;
        }
        if (exported.isEmpty() || instance == null) {
            builder.up().withDetail("state", exported.isEmpty() ? "nothing exported" : "starting");
            return;
        }
        List<ServiceKey> registered = provider.registeredServices();
        List<String> missing = new ArrayList<>();
        for (ServiceKey service : exported) {
            if (!registered.contains(service)) {
                missing.add(service + " at " + instance.address());
            }
        }
        RegistryStatus status = registry.status();
        if (status.details().get("missing") instanceof Collection<?> reported) {
            reported.forEach(entry -> missing.add(String.valueOf(entry)));
        }
        (missing.isEmpty() && status.conflicts().isEmpty() ? builder.up() : builder.down())
                .withDetail("state", "online").withDetail("instance", instance.address())
                .withDetail("registered", registered.stream().map(ServiceKey::toString).toList());
        if (!missing.isEmpty()) {
            builder.withDetail("missing", missing);
        }
        if (!status.conflicts().isEmpty()) {
            builder.withDetail("conflicts", status.conflicts());
        }
    }
}
