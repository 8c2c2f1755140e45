package io.zkrpc.core.registry;

import java.util.List;
import java.util.Map;

/**
 * Where providers announce their instances and consumers find them.
 *
 * <p>Implementations are thread-safe. {@link #start()} and {@link #stop()} are idempotent;
 * {@link #register} and {@link #unregister} may be repeated without error.
 */
public interface RegistryCenter extends AutoCloseable {

    /** Connects to the registry. */
    void start();

    /** Releases the registry connection; instances this process registered disappear with it. */
    void stop();

    /** Announces {@code instance} as a provider of {@code service}, replacing its metadata if already announced. */
    void register(ServiceKey service, Instance instance);

    /** Withdraws {@code instance}; withdrawing an instance that is not registered is no error. */
    void unregister(ServiceKey service, Instance instance);

    /** Reads every instance of {@code service} now registered; an unknown service has none. */
    List<Instance> fetchAll(ServiceKey service);

    /**
     * Delivers the full instance list of {@code service} to {@code listener} once the subscription
     * is in place and again on every change, until the returned subscription is closed.
     * A listener that throws is logged and keeps its subscription.
     */
    Subscription subscribe(ServiceKey service, ChangedListener listener);

    /**
     * The instance counts of {@code service}'s interface registered under another environment or
     * another version, so that a call finding no instance can say where they are (a consumer in
     * {@code prod} calling providers registered in {@code dev}, or version {@code 1.0} asked while
     * {@code 2.0} is registered). Called only when a call found no instance; it reads the registry,
     * so implementations keep it cheap and bounded (a few reads, a few results, cached briefly).
     * None unless the registry can tell, and none while it is unreachable.
     */
    default Map<ServiceKey, Integer> elsewhere(ServiceKey service) {
        return Map.of();
    }

    /**
     * Delivers the rules of {@code service} (gray share, instance weights: the JSON that
     * {@code ServiceRules} reads) to {@code listener} once they are found, and again on every
     * change, until the returned subscription is closed; {@code null} when the service has none.
     * A registry that keeps no rules delivers nothing.
     */
    default Subscription watchRules(ServiceKey service, RulesListener listener) {
        return () -> { };
    }

    /**
     * Reads the rules of {@code service} now, once, as {@link #watchRules} would deliver them: the
     * JSON that {@code ServiceRules} reads, or {@code null} when it has none. Consumers read them
     * before their first call, so that it already follows them. Bounded in time; while the registry
     * cannot be read it answers {@code null} (the watch delivers the rules once it can), or throws
     * an {@code RpcException} {@code REGISTRY_UNAVAILABLE}. A registry that keeps no rules answers
     * {@code null}.
     */
    default String fetchRules(ServiceKey service) {
        return null;
    }

    /**
     * Writes the rules of {@code service}, which every consumer watching them applies, or deletes
     * them when {@code rules} is {@code null}.
     *
     * @param rules JSON such as {@code {"gray": {"tag": "gray", "share": 0.1}, "instances": {"10.0.0.5:8081": {"weight": 0}}}}
     * @throws IllegalArgumentException when {@code rules} are malformed or too large, naming the problem
     * @throws UnsupportedOperationException when the registry keeps no rules
     */
    default void writeRules(ServiceKey service, String rules) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no service rules");
    }

    /** What the registry is doing now; a registry with nothing to report says it is connected. */
    default RegistryStatus status() {
        return new RegistryStatus(getClass().getSimpleName(), true, List.of(), Map.of(), null, Map.of());
    }

    /** Same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}
