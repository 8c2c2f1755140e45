package io.zkrpc.spring.boot.metrics;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.cluster.Isolation;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.consumer.RpcClientListener;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.provider.RpcServerListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.RegistryStatus;
import io.zkrpc.core.registry.ServiceKey;

/**
 * zkrpc's counters and gauges, for what the call observations do not show:
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@code zkrpc.client.retries}</td><td>counter</td><td>{@code rpc.service}, {@code reason}</td>
 * <td>attempts retried on another instance; the reason is the error code of the failure retried</td></tr>
 * <tr><td>{@code zkrpc.client.retries.refused}</td><td>counter</td><td>{@code rpc.service}, {@code reason}</td>
 * <td>retryable failures not retried because the retry budget was spent</td></tr>
 * <tr><td>{@code zkrpc.client.fallbacks}</td><td>counter</td><td>{@code rpc.service}, {@code reason}</td>
 * <td>calls answered by the reference's fallback, by the error code of the failure</td></tr>
 * <tr><td>{@code zkrpc.client.stale}</td><td>counter</td><td>{@code rpc.service}, {@code reason}</td>
 * <td>calls answered with a stale result (stale-if-error), by the error code of the failure</td></tr>
 * <tr><td>{@code zkrpc.client.isolations}</td><td>counter</td><td></td><td>instances taken out of the rotation</td></tr>
 * <tr><td>{@code zkrpc.client.restorations}</td><td>counter</td><td></td><td>isolated instances back in the rotation</td></tr>
 * <tr><td>{@code zkrpc.registry.connected}</td><td>gauge</td><td></td><td>1 while the registry answers, else 0</td></tr>
 * <tr><td>{@code zkrpc.registry.instances}</td><td>gauge</td><td>{@code rpc.service}, {@code environment}</td><td>instances the client knows per subscribed service</td></tr>
 * <tr><td>{@code zkrpc.registry.held.back}</td><td>gauge</td><td></td><td>services whose last removal is held back (ZooKeeper)</td></tr>
 * <tr><td>{@code zkrpc.registry.snapshot.in.use}</td><td>gauge</td><td></td><td>1 while lists come from the snapshot file (ZooKeeper)</td></tr>
 * <tr><td>{@code zkrpc.server.in.flight}</td><td>gauge</td><td></td><td>calls the provider is running</td></tr>
 * <tr><td>{@code zkrpc.server.rejected}</td><td>counter</td><td>{@code error.code}</td>
 * <td>requests the provider refused before they reached a method (such as {@code UNAUTHENTICATED}, {@code BAD_REQUEST},
 * {@code UNKNOWN_SERVICE}, {@code SHUTTING_DOWN}); these are no {@code zkrpc.server.requests}</td></tr>
 * </table>
 * Bound to the application's {@link MeterRegistry} by Spring Boot, as every {@link MeterBinder};
 * told of the client's decisions as its {@link RpcClientListener}, and of the provider's refusals as its
 * {@link RpcServerListener}. Events before the binding are
 * not counted; services subscribed before it get their gauge at the binding.
 */
public final class ZkRpcMetrics implements MeterBinder, RpcClientListener, RpcServerListener {

    private final RegistryCenter registry;
    private final Supplier<RpcClient> client;
    private final Supplier<ProviderDispatcher> dispatcher;
    private final Set<ServiceKey> subscribed = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry meters;

    /**
     * @param client supplies the client whose instance lists the gauges read, when asked (it is built after this listener)
     * @param dispatcher supplies the provider's dispatcher, or {@code null} in an application that exports nothing
     */
    public ZkRpcMetrics(RegistryCenter registry, Supplier<RpcClient> client, Supplier<ProviderDispatcher> dispatcher) {
        this.registry = registry;
        this.client = client;
        this.dispatcher = dispatcher;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("zkrpc.registry.connected", this.registry, center -> center.status().connected() ? 1 : 0)
                .description("Whether the registry answers (1) or not (0)").register(registry);
        RegistryStatus status = this.registry.status();
        if (status.details().containsKey("heldBack")) {
            Gauge.builder("zkrpc.registry.held.back", this.registry,
                    center -> center.status().details().get("heldBack") instanceof Collection<?> held ? held.size() : 0)
                    .description("Subscribed services whose last change is held back until a direct read confirms it")
                    .register(registry);
        }
        if (status.details().containsKey("snapshotInUse")) {
            Gauge.builder("zkrpc.registry.snapshot.in.use", this.registry,
                    center -> Boolean.TRUE.equals(center.status().details().get("snapshotInUse")) ? 1 : 0)
                    .description("Whether instance lists come from the snapshot file (1) because the registry is unreachable")
                    .register(registry);
        }
        ProviderDispatcher provider = dispatcher.get();
        if (provider != null) {
            Gauge.builder("zkrpc.server.in.flight", provider, ProviderDispatcher::inFlight)
                    .description("Calls the provider is running").register(registry);
        }
        Counter.builder("zkrpc.client.isolations").description("Instances taken out of the rotation for failing").register(registry);
        Counter.builder("zkrpc.client.restorations").description("Isolated instances back in the rotation").register(registry);
        this.meters = registry;
        subscribed.forEach(service -> instancesGauge(registry, service));
    }

    @Override
    public void onSubscribed(ServiceKey service) {
        subscribed.add(service);
        MeterRegistry registry = meters;
        if (registry != null) {
            instancesGauge(registry, service);
        }
    }

    private void instancesGauge(MeterRegistry registry, ServiceKey service) {
        Gauge.builder("zkrpc.registry.instances", client, supplier -> instanceCount(supplier.get(), service))
                .tag("rpc.service", service.serviceId()).tag("environment", service.environment()).description("Instances the client knows of the service")
                .register(registry);
    }

    private static double instanceCount(RpcClient client, ServiceKey service) {
        // Only a subscribed service: asking for another would subscribe to it.
        return client != null && client.services().contains(service) ? client.instances(service).size() : Double.NaN;
    }

    @Override
    public void onRetry(ServiceKey service, RpcErrorCode reason) {
        count("zkrpc.client.retries", "Attempts retried on another instance", service, reason);
    }

    @Override
    public void onRetryRefused(ServiceKey service, RpcErrorCode reason) {
        count("zkrpc.client.retries.refused", "Retryable failures not retried because the retry budget was spent", service, reason);
    }

    @Override
    public void onFallback(ServiceKey service, String method, RpcErrorCode reason) {
        count("zkrpc.client.fallbacks", "Calls answered by the reference's fallback because the service could not answer", service, reason);
    }

    @Override
    public void onStale(ServiceKey service, String method, RpcErrorCode reason) {
        count("zkrpc.client.stale", "Calls answered with a stale result because the service could not answer", service, reason);
    }

    @Override
    public void onIsolated(Instance instance, Isolation isolation) {
        MeterRegistry registry = meters;
        if (registry != null) {
            Counter.builder("zkrpc.client.isolations").description("Instances taken out of the rotation for failing")
                    .register(registry).increment();
        }
    }

    @Override
    public void onRestored(Instance instance) {
        MeterRegistry registry = meters;
        if (registry != null) {
            Counter.builder("zkrpc.client.restorations").description("Isolated instances back in the rotation")
                    .register(registry).increment();
        }
    }

    @Override
    public void onRejected(RpcErrorCode code) {
        MeterRegistry registry = meters;
        if (registry != null) {
            // Tagged by the error code alone, a bounded set: nothing the caller sent.
            Counter.builder("zkrpc.server.rejected").description("Requests refused before they reached a method")
                    .tag("error.code", code.name()).register(registry).increment();
        }
    }

    private void count(String name, String description, ServiceKey service, RpcErrorCode reason) {
        MeterRegistry registry = meters;
        if (registry != null) {
            Counter.builder(name).description(description).tag("rpc.service", service.serviceId()).tag("reason", reason.name())
                    .register(registry).increment();
        }
    }
}
