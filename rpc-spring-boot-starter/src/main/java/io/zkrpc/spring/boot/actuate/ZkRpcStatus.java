package io.zkrpc.spring.boot.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.zkrpc.core.cache.CacheStats;
import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.cluster.Isolation;
import io.zkrpc.core.cluster.Weights;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.RegistryStatus;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

/**
 * What this application's zkrpc is doing, as plain values for the {@code zkrpc} Actuator endpoint
 * and for any other view (a console page): read afresh by every {@link #read()}, never cached.
 * It needs no Actuator class.
 */
public final class ZkRpcStatus {

    private final RegistryCenter registry;
    private final RpcClient client;
    private final Supplier<RpcProviderLifecycle> provider;

    /**
     * @param provider supplies the provider's lifecycle, or {@code null} in an application that exports nothing
     */
    public ZkRpcStatus(RegistryCenter registry, RpcClient client, Supplier<RpcProviderLifecycle> provider) {
        this.registry = registry;
        this.client = client;
        this.provider = provider;
    }

    /**
     * The status, under these keys, in this order:
     * <ul>
     * <li>{@code registry}: the registry's {@link RegistryStatus} (connection, registered nodes,
     * instance count per subscription, last change, and its details: for ZooKeeper the session and
     * its state, snapshot use, held-back changes, missing registrations);</li>
     * <li>{@code isolatedInstances}: the {@link Isolation} of every instance out of the rotation, by address;</li>
     * <li>{@code provider}: a {@link Provider}, or absent in an application that exports nothing;</li>
     * <li>{@code subscriptions}: a {@link Subscription} per subscribed service, in name order;</li>
     * <li>{@code policies}: per referenced service, the {@link MethodPolicy} of each remote method by signature;</li>
     * <li>{@code caches}: per referenced service, the {@link CacheStats} (size, hits, misses) of each cached method by signature.</li>
     * </ul>
     */
    public Map<String, Object> read() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("registry", registry.status());
        Map<String, Isolation> isolated = client.isolatedInstances();
        status.put("isolatedInstances", isolated);
        RpcProviderLifecycle lifecycle = provider.get();
        // A web application that only consumes has a lifecycle too, with nothing to export.
        if (lifecycle != null && !lifecycle.exportedServices().isEmpty()) {
            status.put("provider", provider(lifecycle));
        }
        List<Subscription> subscriptions = new ArrayList<>();
        for (ServiceKey service : client.services()) {
            List<InstanceState> instances = new ArrayList<>();
            Map<String, Object> rules = client.rules(service);
            List<String> unmatched = new ArrayList<>();
            if (rules.get("instances") instanceof Map<?, ?> weights) {
                weights.keySet().forEach(address -> unmatched.add(String.valueOf(address)));
            }
            for (Instance instance : client.instances(service)) {
                unmatched.remove(instance.address());
                Isolation isolation = isolated.get(instance.address());
                instances.add(new InstanceState(instance.address(), instance.metadata().get("tag"), weight(instance),
                        Weights.of(instance), isolation != null, isolation == null ? null : isolation.until(),
                        client.callsInFlight(instance), instance.metadata()));
            }
            subscriptions.add(new Subscription(service.toString(), rules, List.copyOf(unmatched), instances));
        }
        status.put("subscriptions", subscriptions);
        Map<String, Map<String, MethodPolicy>> policies = new LinkedHashMap<>();
        client.policies().forEach((service, methods) -> {
            Map<String, MethodPolicy> byMethod = new LinkedHashMap<>();
            methods.forEach((method, policy) -> byMethod.put(method, MethodPolicy.of(policy)));
            policies.put(service.toString(), byMethod);
        });
        status.put("policies", policies);
        Map<String, Map<String, CacheStats>> caches = new LinkedHashMap<>();
        client.caches().forEach((service, methods) -> caches.put(service.toString(), methods));
        status.put("caches", caches);
        return status;
    }

    private static Provider provider(RpcProviderLifecycle lifecycle) {
        Instance instance = lifecycle.instance();
        String address = instance == null ? null : instance.address();
        List<ServiceKey> registered = lifecycle.registeredServices();
        List<ExportedService> services = lifecycle.exportedServices().stream()
                .map(service -> new ExportedService(service.toString(), registered.contains(service), address)).toList();
        String state = lifecycle.isOffline() ? "offline" : instance == null ? "starting" : "online";
        return new Provider(state, address, lifecycle.callsInFlight(), services);
    }

    private static Integer weight(Instance instance) {
        String weight = instance.metadata().get("weight");
        if (weight == null) {
            return null;
        }
        try {
            return Integer.valueOf(weight.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * This application as a provider.
     *
     * @param state {@code online}, {@code offline} (taken offline by an operator) or {@code starting} (not ready yet)
     * @param instance the address it registers, once ready
     * @param callsInFlight the calls it is running now
     * @param services every exported service with its registration
     */
    public record Provider(String state, String instance, int callsInFlight, List<ExportedService> services) {
    }

    /**
     * One exported service.
     *
     * @param service the service, as {@code interface[:version]@environment}
     * @param registered whether its instance node is registered now
     * @param instance the address it is (or would be) registered at
     */
    public record ExportedService(String service, boolean registered, String instance) {
    }

    /**
     * A subscribed service with the instances this application knows.
     *
     * @param service the service
     * @param rules the rules in force (its gray rule and instance weights), in the shape of its rules node; empty for none
     * @param unmatchedRuleAddresses the addresses the rules give a weight that no instance has now (a host name where
     *        the instance registered its IP, say): their weights change nothing until an instance registers there
     * @param instances its instances, as the registry lists them, the rules' weights applied
     */
    public record Subscription(String service, Map<String, Object> rules, List<String> unmatchedRuleAddresses,
            List<InstanceState> instances) {
    }

    /**
     * One instance of a subscribed service, as this consumer sees it.
     *
     * @param address {@code host:port}
     * @param tag its {@code tag} metadata, or {@code null}
     * @param weight its {@code weight} metadata (the rules' weight when they set one), or {@code null}
     * @param effectiveWeight the weight the balancers read now: {@code weight}, or less while it warms up
     * @param isolated whether this consumer took it out of the rotation
     * @param isolatedUntil when its isolation ends (it is then half-open), or {@code null}
     * @param callsInFlight the attempts this consumer sent it and has not seen end
     * @param metadata all its metadata, as its provider registered it ({@code tag} and {@code weight} included)
     */
    public record InstanceState(String address, String tag, Integer weight, int effectiveWeight, boolean isolated, Instant isolatedUntil,
            int callsInFlight, Map<String, String> metadata) {

        /** Copies the metadata, in key order. */
        public InstanceState {
            metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        }
    }

    /**
     * The policy of one remote method, as its calls use it.
     *
     * @param timeoutMs the timeout of one attempt, in milliseconds
     * @param retries the retries after a retryable failure
     * @param idempotent whether timeouts and server errors may be retried
     * @param cluster the cluster strategy: {@code failover}, {@code failfast}, {@code failsafe} or {@code forking}
     * @param forks the parallel attempts of {@code forking}
     */
    public record MethodPolicy(long timeoutMs, int retries, boolean idempotent, String cluster, int forks) {

        static MethodPolicy of(CallPolicy policy) {
            return new MethodPolicy(policy.timeout().toMillis(), policy.retries(), policy.idempotent(), policy.cluster(),
                    policy.forks());
        }
    }
}
