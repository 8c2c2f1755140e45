package io.zkrpc.core.registry;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a registry is doing, for operators (an Actuator endpoint and health indicator with the
 * Spring Boot starter). The typed fields mean the same for every registry; what only one kind of
 * registry knows (a session id, a snapshot file in use) goes into {@link #details()}.
 *
 * @param registry the kind of registry and where it is, such as {@code zookeeper 127.0.0.1:2181}
 * @param connected whether the registry answers now
 * @param registered the instance nodes this process keeps registered
 * @param subscriptions the instance count of every subscribed service
 * @param lastChange when a subscribed list last changed, or {@code null}
 * @param details facts particular to the registry's implementation, by name, in the order it reports them
 * @param conflicts the registrations another live process holds, so that this instance gets no
 *        traffic there: one sentence each, naming the registration and what to do
 */
public record RegistryStatus(String registry, boolean connected, List<String> registered,
        Map<String, Integer> subscriptions, Instant lastChange, Map<String, Object> details, List<String> conflicts) {

    /** Copies the lists and maps, so that a status never changes after it was taken. */
    public RegistryStatus {
        registered = List.copyOf(registered);
        subscriptions = Collections.unmodifiableMap(new LinkedHashMap<>(subscriptions));
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        conflicts = List.copyOf(conflicts);
    }

    /** A status without conflicts. */
    public RegistryStatus(String registry, boolean connected, List<String> registered,
            Map<String, Integer> subscriptions, Instant lastChange, Map<String, Object> details) {
        this(registry, connected, registered, subscriptions, lastChange, details, List.of());
    }

    /** Whether all is well: connected, and every registration is this process's own. */
    public boolean healthy() {
        return connected && conflicts.isEmpty();
    }
}
