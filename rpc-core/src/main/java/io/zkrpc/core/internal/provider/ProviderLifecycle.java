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
 *
 * <p>An operator may take the instance {@linkplain #offline() offline}: its registrations leave the
 * registry (so consumers stop sending as they see it) while it keeps serving the calls that still
 * arrive, until {@linkplain #online() online} registers them again. Offline wins over everything
 * else that would register: the application becoming ready, and the registry's own repairs after
 * a lost session (it repairs only what is registered).
 */
public final class ProviderLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProviderLifecycle.class);

    private final RegistryCenter registry;
    private final ProviderDispatcher dispatcher;
    private final List<ServiceKey> registered = new ArrayList<>();
    private Instance instance;
    private boolean offline;
    private boolean shutDown;

    public ProviderLifecycle(RegistryCenter registry, ProviderDispatcher dispatcher) {
        this.registry = registry;
        this.dispatcher = dispatcher;
    }

    /** Registers every exported service at {@code instance}, unless the instance was taken offline. */
    public synchronized void register(Instance instance) {
        this.instance = instance;
        if (offline) {
            log.atInfo().addKeyValue("instance", instance.address())
                    .log("Not registering {}: it was taken offline; it registers when taken online", instance.url());
            return;
        }
        registerAll(true);
    }

    /** Registers every exported service not registered yet, each with one INFO line when {@code each}, else DEBUG. */
    private void registerAll(boolean each) {
        for (ExportedService service : dispatcher.services()) {
            if (registered.contains(service.key())) {
                continue;
            }
            registry.register(service.key(), instance);
            registered.add(service.key());
            (each ? log.atInfo() : log.atDebug()).addKeyValue("service", service.key().toString())
                    .addKeyValue("instance", instance.address()).log("Registered {} at {}", service.key(), instance.url());
        }
    }

    /**
     * Takes this instance's registrations out of the registry and keeps them out, also across
     * lost sessions, until {@link #online()}; calls that still arrive are served. Idempotent.
     *
     * @return whether it was online before
     */
    public synchronized boolean offline() {
        if (offline) {
            return false;
        }
        offline = true;
        List<ServiceKey> withdrawn = List.copyOf(registered);
        unregisterQuietly(false);
        log.atInfo().addKeyValue("instance", instance == null ? "" : instance.address())
                .log("Taken offline: unregistered {}{}; calls still arriving are served until consumers see it",
                        withdrawn, instance == null ? "" : " at " + instance.url());
        return true;
    }

    /**
     * Registers again what {@link #offline()} withdrew (every exported service), or, before the
     * application was ready, lets it register then. Idempotent.
     *
     * @return whether it was offline before
     */
    public synchronized boolean online() {
        if (!offline) {
            return false;
        }
        offline = false;
        if (instance != null && !shutDown) {
            registerAll(false);
        }
        log.atInfo().addKeyValue("instance", instance == null ? "" : instance.address())
                .log("Taken online: registered {}{}", registered, instance == null ? "" : " at " + instance.url());
        return true;
    }

    /** Whether an operator took the instance offline (and not online again). */
    public synchronized boolean isOffline() {
        return offline;
    }

    /** The instance the services are registered at, once the application is ready; else {@code null}. */
    public synchronized Instance instance() {
        return instance;
    }

    /** The services registered now, in the order registered. */
    public synchronized List<ServiceKey> registeredServices() {
        return List.copyOf(registered);
    }

    /** Whether services are registered now. */
    public synchronized boolean isRegistered() {
        return !registered.isEmpty();
    }

    /** Unregisters every service registered by {@link #register}; idempotent. */
    public synchronized void unregister() {
        unregisterQuietly(true);
    }

    /** Unregisters every registered service, each with one INFO line when {@code each}, else DEBUG. */
    private void unregisterQuietly(boolean each) {
        for (ServiceKey key : registered) {
            try {
                registry.unregister(key, instance);
                (each ? log.atInfo() : log.atDebug()).addKeyValue("service", key.toString()).addKeyValue("instance", instance.address())
                        .log("Unregistered {} at {}", key, instance.url());
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
        boolean wasRegistered;
        synchronized (this) {
            shutDown = true;
            wasRegistered = isRegistered();
            unregister();
        }
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
