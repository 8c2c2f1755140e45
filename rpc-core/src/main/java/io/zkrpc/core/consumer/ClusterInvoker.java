package io.zkrpc.core.consumer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.cluster.ClusterStrategy;
import io.zkrpc.core.cluster.InstanceDirectory;
import io.zkrpc.core.cluster.LoadBalancer;
import io.zkrpc.core.cluster.OutlierDetector;
import io.zkrpc.core.cluster.RetryBudget;
import io.zkrpc.core.cluster.Router;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.Invoker;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.support.Futures;
import io.zkrpc.core.support.MethodDescriptor;

/**
 * The last link of the consumer chain: the method's cluster strategy, over the instances that the
 * routers and the outlier detector leave, each attempt sent over HTTP.
 */
final class ClusterInvoker implements Invoker {

    /** What one reference's calls share. */
    record Shared(InstanceDirectory directory, List<Router> routers, LoadBalancer loadBalancer, HttpInvoker http,
            RetryBudget budget, OutlierDetector outliers) {
    }

    private final Shared shared;
    private final Map<MethodDescriptor, CallPolicy> policies;
    private final Map<MethodDescriptor, ClusterStrategy> strategies = new IdentityHashMap<>();

    /**
     * @throws IllegalArgumentException when a policy names an unknown cluster strategy
     */
    ClusterInvoker(Shared shared, Map<MethodDescriptor, CallPolicy> policies) {
        this.shared = shared;
        this.policies = policies;
        policies.forEach((method, policy) -> strategies.put(method, ClusterStrategy.named(policy.cluster())));
    }

    @Override
    public Object invoke(Invocation invocation) throws Exception {
        CallPolicy policy = policies.get(invocation.method());
        shared.budget().recordCall();
        CompletableFuture<Object> result;
        try {
            result = strategies.get(invocation.method()).invoke(invocation, new Call(invocation, policy));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return invocation.method().isAsync() ? result : Futures.join(result);
    }

    /** Whether {@code failure} may be retried: only the machinery's own failures, by the rule of their code. */
    static boolean retryable(Throwable failure, boolean idempotent) {
        return failure instanceof RpcException rpc && rpc.code().retryable(idempotent);
    }

    /** The instances the routers leave, less the isolated ones; possibly none. */
    private List<Instance> candidates(Invocation invocation, List<Instance> known) {
        List<Instance> routed = known;
        for (Router router : shared.routers()) {
            routed = router.route(routed, invocation);
        }
        return shared.outliers().healthy(routed);
    }

    /** One call's attempts. */
    private final class Call implements ClusterStrategy.Attempts {

        private final Invocation invocation;
        private final CallPolicy policy;
        private final List<Instance> known;
        private final List<Instance> candidates;

        Call(Invocation invocation, CallPolicy policy) {
            this.invocation = invocation;
            this.policy = policy;
            this.known = shared.directory().instances();
            this.candidates = candidates(invocation, known);
        }

        @Override
        public CallPolicy policy() {
            return policy;
        }

        @Override
        public Instance select(Set<Instance> excluded) {
            if (known.isEmpty() && shared.directory().unavailableReason() != null) {
                throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, shared.directory().unavailableReason()
                        + " (calling " + invocation + ")");
            }
            if (candidates.isEmpty()) {
                // Raised here, as the strategy's own failure, so that failsafe can turn it into the empty value.
                throw new RpcException(RpcErrorCode.NO_PROVIDER, "No instance of " + invocation.service() + " is available for "
                        + invocation + (known.isEmpty() ? "" : " (routing left none of " + known.size() + ")"));
            }
            if (excluded.isEmpty()) {
                return shared.loadBalancer().select(candidates, invocation);
            }
            List<Instance> left = new ArrayList<>(candidates.size());
            for (Instance candidate : candidates) {
                if (!excluded.contains(candidate)) {
                    left.add(candidate);
                }
            }
            return left.isEmpty() ? null : shared.loadBalancer().select(left, invocation);
        }

        @Override
        public CompletableFuture<Object> send(Instance instance) {
            CompletableFuture<Object> attempt = invocation.method().isAsync()
                    ? shared.http().sendAsync(instance, invocation, policy.timeout())
                    : shared.http().send(instance, invocation, policy.timeout());
            return observed(instance, attempt);
        }

        @Override
        public CompletableFuture<Object> sendAsync(Instance instance) {
            return observed(instance, shared.http().sendAsync(instance, invocation, policy.timeout()));
        }

        @Override
        public boolean retryAllowed(Throwable failure) {
            return retryable(failure, policy.idempotent()) && shared.budget().tryRetry();
        }

        private CompletableFuture<Object> observed(Instance instance, CompletableFuture<Object> attempt) {
            return attempt.whenComplete((value, failure) -> {
                Throwable cause = failure == null ? null : Futures.unwrap(failure);
                if (cause instanceof RpcException rpc && rpc.code().instanceFailure()) {
                    shared.outliers().onFailure(instance, rpc.code());
                } else {
                    shared.outliers().onSuccess(instance);
                }
            });
        }
    }
}
