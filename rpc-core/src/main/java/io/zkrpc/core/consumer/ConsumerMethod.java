package io.zkrpc.core.consumer;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.annotation.RpcMethod;
import io.zkrpc.core.cache.CacheSettings;
import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.filter.Filter;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.cache.ResultCache;
import io.zkrpc.core.internal.cluster.ClusterStrategy;
import io.zkrpc.core.internal.context.CallContext;
import io.zkrpc.core.internal.filter.FilterChain;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Everything the calls of one remote method need, prepared once when the reference is created, as
 * Retrofit's {@code HttpServiceMethod} is: the method's descriptor, its resolved policy and cluster
 * strategy, whether it blocks or returns a future, its result cache if it has one, and its filter
 * chain ending in the cluster invoker.
 */
final class ConsumerMethod {

    private final ServiceKey service;
    private final MethodDescriptor descriptor;
    private final CallPolicy policy;
    private final ClusterStrategy strategy;
    private final CallMode mode;
    private final FilterChain chain;
    private final Collection<String> propagate;
    /** The method's results by arguments, or {@code null} when it has no cache. */
    private final ResultCache cache;

    /**
     * @param cache the method's result cache, or {@code null}
     * @throws IllegalArgumentException when the policy names an unknown cluster strategy
     */
    ConsumerMethod(ServiceKey service, MethodDescriptor descriptor, CallPolicy policy, List<Filter> filters, ClusterInvoker cluster,
            Collection<String> propagate, ResultCache cache) {
        this.propagate = propagate;
        this.cache = cache;
        this.service = service;
        this.descriptor = descriptor;
        this.policy = policy;
        this.strategy = ClusterStrategy.named(policy.cluster());
        this.mode = CallMode.of(descriptor);
        this.chain = new FilterChain(filters, invocation -> cluster.invoke(invocation, this));
    }

    /**
     * The model of {@code method}, with its policy resolved from the client's defaults, then the
     * reference's settings, the method's {@link RpcMethod} annotation, and the method's settings;
     * and its result cache from the annotation, then the method's cache settings.
     *
     * @throws IllegalArgumentException naming the method, when its settings are invalid
     */
    static ConsumerMethod prepare(ServiceKey service, MethodDescriptor method, CallPolicy defaults, ReferenceConfig<?> config,
            List<Filter> filters, ClusterInvoker cluster, Collection<String> propagate) {
        try {
            CallPolicy policy = defaults.with(config.overrides())
                    .with(PolicyOverrides.of(method.method().getAnnotation(RpcMethod.class)))
                    .with(config.methodOverrides().get(method.name()));
            CacheSettings caching = CacheSettings.of(method.method().getAnnotation(RpcMethod.class))
                    .and(config.methodCaches().get(method.name()));
            return new ConsumerMethod(service, method, policy, filters, cluster, propagate,
                    caching.enabled() ? ResultCache.create(caching) : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(method + ": " + e.getMessage(), e);
        }
    }

    /**
     * Calls the method with {@code arguments}: its value or failure, or for an asynchronous method a
     * future of them. The call carries the attachments set in the thread's {@link RpcContext}, which
     * it clears, and those it propagates from the call the thread serves.
     *
     * <p>A method with a result cache answers from it, for arguments equal to an earlier call's,
     * before any filter and without a remote call; it caches successful, non-{@code null} results
     * only (an asynchronous method's once its future completes so).
     */
    Object call(Object[] arguments) throws Exception {
        try {
            Invocation invocation = new Invocation(service, descriptor, arguments, CallContext.current().takeOutgoing(propagate));
            return cache == null ? chain.proceed(invocation) : cached(invocation);
        } catch (Exception e) {
            return mode.failed(e);
        }
    }

    private Object cached(Invocation invocation) throws Exception {
        Object[] arguments = invocation.arguments();
        Object hit = cache.get(arguments);
        if (hit != null) {
            return mode == CallMode.ASYNC ? CompletableFuture.completedFuture(hit) : hit;
        }
        Object result = chain.proceed(invocation);
        if (mode == CallMode.ASYNC && result instanceof CompletableFuture<?> future) {
            future.whenComplete((value, failure) -> {
                if (failure == null && value != null) {
                    cache.put(arguments, value);
                }
            });
        } else if (mode == CallMode.BLOCKING && result != null) {
            cache.put(arguments, result);
        }
        return result;
    }

    /** The method's result cache, or {@code null} when it has none. */
    ResultCache cache() {
        return cache;
    }

    CallPolicy policy() {
        return policy;
    }

    ClusterStrategy strategy() {
        return strategy;
    }

    CallMode mode() {
        return mode;
    }
}
