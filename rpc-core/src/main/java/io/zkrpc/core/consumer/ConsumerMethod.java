package io.zkrpc.core.consumer;

import java.util.Collection;
import java.util.List;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.annotation.RpcMethod;
import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.filter.Filter;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.cluster.ClusterStrategy;
import io.zkrpc.core.internal.context.CallContext;
import io.zkrpc.core.internal.filter.FilterChain;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Everything the calls of one remote method need, prepared once when the reference is created, as
 * Retrofit's {@code HttpServiceMethod} is: the method's descriptor, its resolved policy and cluster
 * strategy, whether it blocks or returns a future, and its filter chain ending in the cluster invoker.
 */
final class ConsumerMethod {

    private final ServiceKey service;
    private final MethodDescriptor descriptor;
    private final CallPolicy policy;
    private final ClusterStrategy strategy;
    private final CallMode mode;
    private final FilterChain chain;
    private final Collection<String> propagate;

    /**
     * @throws IllegalArgumentException when the policy names an unknown cluster strategy
     */
    ConsumerMethod(ServiceKey service, MethodDescriptor descriptor, CallPolicy policy, List<Filter> filters, ClusterInvoker cluster,
            Collection<String> propagate) {
        this.propagate = propagate;
        this.service = service;
        this.descriptor = descriptor;
        this.policy = policy;
        this.strategy = ClusterStrategy.named(policy.cluster());
        this.mode = CallMode.of(descriptor);
        this.chain = new FilterChain(filters, invocation -> cluster.invoke(invocation, this));
    }

    /**
     * The model of {@code method}, with its policy resolved from the client's defaults, then the
     * reference's settings, the method's {@link RpcMethod} annotation, and the method's settings.
     *
     * @throws IllegalArgumentException naming the method, when its settings are invalid
     */
    static ConsumerMethod prepare(ServiceKey service, MethodDescriptor method, CallPolicy defaults, ReferenceConfig<?> config,
            List<Filter> filters, ClusterInvoker cluster, Collection<String> propagate) {
        try {
            CallPolicy policy = defaults.with(config.overrides())
                    .with(PolicyOverrides.of(method.method().getAnnotation(RpcMethod.class)))
                    .with(config.methodOverrides().get(method.name()));
            return new ConsumerMethod(service, method, policy, filters, cluster, propagate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(method + ": " + e.getMessage(), e);
        }
    }

    /**
     * Calls the method with {@code arguments}: its value or failure, or for an asynchronous method a
     * future of them. The call carries the attachments set in the thread's {@link RpcContext}, which
     * it clears, and those it propagates from the call the thread serves.
     */
    Object call(Object[] arguments) throws Exception {
        try {
            return chain.proceed(new Invocation(service, descriptor, arguments, CallContext.current().takeOutgoing(propagate)));
        } catch (Exception e) {
            return mode.failed(e);
        }
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
