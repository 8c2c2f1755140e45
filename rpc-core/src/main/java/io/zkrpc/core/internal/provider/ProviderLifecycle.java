package io.zkrpc.core.internal.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Announces a provider's exported services and takes them down in the safe order: unregister
 * first, give consumers a moment to see it, refuse new calls, then let running calls finish.
 */
public final class ProviderLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProviderLifecycle.class);

    private final RegistryCenter registry;
    private final ProviderDispatcher dispatcher;
    private final List<ServiceKey> registered = new ArrayList<>();
    private Instance instance;

    public ProviderLifecycle(RegistryCenter registry, ProviderDispatcher dispatcher) {
        this.registry = registry;
        this.dispatcher = dispatcher;
    }

    /** Registers every exported service at {@code instance}. */
    public synchronized void register(Instance instance) {
        this.instance = instance;
        for (ExportedService service : dispatcher.services()) {
            registry.register(service.key(), instance);
            registered.add(service.key());
            log.info("Registered {} at {}", service.key(), instance.url());
        }
    }

    /** Whether services are registered now. */
    public synchronized boolean isRegistered() {
        return !registered.isEmpty();
    }

    /** Unregisters every service registered by {@link #register}; idempotent. */
    public synchronized void unregister() {
        for (ServiceKey key : registered) {
            try {
                registry.unregister(key, instance);
                log.info("Unregistered {} at {}", key, instance.url());
            } catch (RuntimeException e) {
                log.warn("Could not unregister {} at {}: {}", key, instance.url(), e.toString());
            }
        }
        registered.clear();
    }

    /**
     * Unregisters, waits {@code unregisterDelay} for consumers to drop this instance, refuses new
     * calls, and waits at most {@code drainTimeout} for the running ones.
     */
    public void shutdown(Duration unregisterDelay, Duration drainTimeout) {
        boolean wasRegistered = isRegistered();
        unregister();
        try {
            if (wasRegistered && !unregisterDelay.isZero()) {
                log.info("Waiting {} ms for consumers to see the unregistration", unregisterDelay.toMillis());
                Thread.sleep(unregisterDelay.toMillis());
            }
            dispatcher.stopAccepting();
            int running = dispatcher.inFlight();
            if (dispatcher.awaitIdle(drainTimeout)) {
                log.info("Provider drained ({} call(s) were running)", running);
            } else {
                log.warn("{} call(s) still running after {} ms; stopping anyway", dispatcher.inFlight(), drainTimeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dispatcher.stopAccepting();
        }
    }
}
