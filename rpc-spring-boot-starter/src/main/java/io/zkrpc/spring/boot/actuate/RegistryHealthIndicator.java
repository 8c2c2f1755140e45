package io.zkrpc.spring.boot.actuate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.RegistryStatus;

/**
 * Health of the registry connection ({@code zkrpcRegistry}): up while the registry answers, down
 * while it does not answer or while another live process holds one of this process's
 * registrations (two instances announcing the same address: the {@code conflicts} detail says which
 * and what to do). The details name the registry, count its registrations, list its subscriptions
 * and add what the registry's implementation reports of its own (for ZooKeeper: session, snapshot
 * use, held-back changes, registrations waiting for their node). Calls keep working from the last
 * known lists while it is down, so this indicator belongs in monitoring, not in readiness (a
 * consumer would stop taking traffic at every ZooKeeper blip) nor in liveness. Whether this
 * instance is registered is {@link RegistrationHealthIndicator}'s concern.
 */
public class RegistryHealthIndicator extends AbstractHealthIndicator {

    private final RegistryCenter registry;

    /** Reports on {@code registry}, reading its status afresh on every check. */
    public RegistryHealthIndicator(RegistryCenter registry) {
        super("zkrpc registry health check failed");
        this.registry = registry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        RegistryStatus status = registry.status();
        (status.healthy() ? builder.up() : builder.down())
                .withDetail("registry", status.registry())
                .withDetail("registered", status.registered().size())
                .withDetail("subscriptions", status.subscriptions())
                .withDetails(status.details());
        if (!status.conflicts().isEmpty()) {
            builder.withDetail("conflicts", status.conflicts());
        }
    }
}
