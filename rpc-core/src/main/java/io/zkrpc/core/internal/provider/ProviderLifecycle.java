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
    /** Serializes the changes, which call the registry (each call may wait up to its timeout). */
    private final Object changes = new Object();
    /** What the lifecycle is now: replaced whole under {@link #changes}, read without any lock. */
    private volatile State state = new State(null, false, false, List.of());

    public ProviderLifecycle(RegistryCenter registry, ProviderDispatcher dispatcher) {
        this.registry = registry;
        this.dispatcher = dispatcher;
    }

    /**
     * Registers every exported service at {@code instance}, unless the instance was taken offline.
     *
     * @return the instance as registered: {@code instance} with the contract of each exported
     *     service in its metadata (see {@link Contracts#announced})
     */
    public Instance register(Instance instance) {
        synchronized (changes) {
            Instance announced = Contracts.announced(instance, dispatcher.services());
            state = state.withInstance(announced);
            if (state.offline()) {
                log.atInfo().addKeyValue("instance", instance.address())
                        .log("Not registering {}: it was taken offline; it registers when taken online", instance.url());
                return announced;
            }
            registerAll(true);
            return announced;
        }
    }

    /** Registers every exported service not registered yet, each with one INFO line when {@code each}, else DEBUG. */
    private void registerAll(boolean each) {
        Instance instance = state.instance();
        for (ExportedService service : dispatcher.services()) {
            if (state.registered().contains(service.key())) {
                continue;
            }
            registry.register(service.key(), instance);
            state = state.withRegistered(service.key());
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
    public boolean offline() {
        synchronized (changes) {
            if (state.offline()) {
                return false;
            }
            state = state.withOffline(true);
            List<ServiceKey> withdrawn = state.registered();
            unregisterQuietly(false);
            Instance instance = state.instance();
            log.atInfo().addKeyValue("service", withdrawn.toString()).addKeyValue("instance", address())
                    .log("Taken offline: unregistered {}{}; calls still arriving are served until consumers see it",
                            withdrawn, instance == null ? "" : " at " + instance.url());
            return true;
        }
    }

    /**
     * Registers again what {@link #offline()} withdrew (every exported service), or, before the
     * application was ready, lets it register then. Idempotent, and safe to retry: the instance is
     * online only once every service is registered (a registration that fails withdraws the ones
     * this call made, and the instance stays offline); online already, it registers what is missing.
     *
     * @return whether it was offline before
     * @throws RuntimeException what the registry threw when it refused a registration
     */
    public boolean online() {
        synchronized (changes) {
            boolean wasOffline = state.offline();
            if (state.instance() != null && !state.shutDown()) {
                try {
                    registerAll(!wasOffline);
                } catch (RuntimeException e) {
                    if (wasOffline) {
                        unregisterQuietly(false);
                    }
                    log.atWarn().addKeyValue("instance", state.instance().address())
                            .log("Could not take {} online: {}; {}", state.instance().url(), e.getMessage(),
                                    wasOffline ? "it stays offline, try again" : "try again");
                    throw e;
                }
            }
            state = state.withOffline(false);
            if (wasOffline) {
                Instance instance = state.instance();
                log.atInfo().addKeyValue("service", state.registered().toString()).addKeyValue("instance", address())
                        .log("Taken online: registered {}{}", state.registered(), instance == null ? "" : " at " + instance.url());
            }
            return wasOffline;
        }
    }

    /** Whether an operator took the instance offline (and not online again). Never waits for a change under way. */
    public boolean isOffline() {
        return state.offline();
    }

    /** The instance the services are registered at, once the application is ready; else {@code null}. Never waits. */
    public Instance instance() {
        return state.instance();
    }

    /** The services registered now, in the order registered. Never waits for a change under way. */
    public List<ServiceKey> registeredServices() {
        return state.registered();
    }

    /** Whether services are registered now. Never waits for a change under way. */
    public boolean isRegistered() {
        return !state.registered().isEmpty();
    }

    /** Unregisters every service registered by {@link #register}; idempotent. */
    public void unregister() {
        synchronized (changes) {
            unregisterQuietly(true);
        }
    }

    /** Unregisters every registered service, each with one INFO line when {@code each}, else DEBUG. */
    private void unregisterQuietly(boolean each) {
        Instance instance = state.instance();
        for (ServiceKey key : state.registered()) {
            try {
                registry.unregister(key, instance);
                (each ? log.atInfo() : log.atDebug()).addKeyValue("service", key.toString()).addKeyValue("instance", instance.address())
                        .log("Unregistered {} at {}", key, instance.url());
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("service", key.toString()).addKeyValue("instance", instance.address())
                        .log("Could not unregister {} at {}: {}", key, instance.url(), e.toString());
            }
            state = state.withoutRegistered(key);
        }
    }

    /**
     * Unregisters, waits {@code unregisterDelay} for consumers to drop this instance, refuses new
     * calls, and waits at most {@code drainTimeout} for the running ones.
     */
    public void shutdown(Duration unregisterDelay, Duration drainTimeout) {
        boolean wasRegistered;
        synchronized (changes) {
            state = state.withShutDown();
            wasRegistered = isRegistered();
            unregisterQuietly(true);
        }
        try {
            if (wasRegistered && !unregisterDelay.isZero()) {
                log.atInfo().addKeyValue("instance", address())
                        .log("Waiting {} ms for consumers to see the unregistration", unregisterDelay.toMillis());
                Thread.sleep(unregisterDelay.toMillis());
            }
            dispatcher.stopAccepting();
            int running = dispatcher.inFlight();
            if (dispatcher.awaitIdle(drainTimeout)) {
                log.atInfo().addKeyValue("instance", address()).log("Provider drained ({} call(s) were running)", running);
            } else {
                log.atWarn().addKeyValue("instance", address())
                        .log("{} call(s) still running after {} ms; stopping anyway", dispatcher.inFlight(), drainTimeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dispatcher.stopAccepting();
        }
    }

    /** The registered address, {@code host:port}, for the logs; empty before the application is ready. */
    private String address() {
        Instance instance = state.instance();
        return instance == null ? "" : instance.address();
    }

    /**
     * The lifecycle at one moment, immutable, so that readers (health checks, status pages) see a
     * consistent whole without waiting for a registry call under way.
     *
     * @param instance the instance registered at, once the application is ready
     * @param offline whether an operator took the instance offline
     * @param shutDown whether the provider is shutting down
     * @param registered the services registered now, in the order registered
     */
    private record State(Instance instance, boolean offline, boolean shutDown, List<ServiceKey> registered) {

        State withInstance(Instance instance) {
            return new State(instance, offline, shutDown, registered);
        }

        State withOffline(boolean offline) {
            return new State(instance, offline, shutDown, registered);
        }

        State withShutDown() {
            return new State(instance, offline, true, registered);
        }

        State withRegistered(ServiceKey service) {
            List<ServiceKey> more = new ArrayList<>(registered);
            more.add(service);
            return new State(instance, offline, shutDown, List.copyOf(more));
        }

        State withoutRegistered(ServiceKey service) {
            List<ServiceKey> fewer = new ArrayList<>(registered);
            fewer.remove(service);
            return new State(instance, offline, shutDown, List.copyOf(fewer));
        }
    }
}
