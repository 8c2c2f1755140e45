package io.zkrpc.core.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.cluster.LoadBalancer;
import io.zkrpc.core.cluster.Router;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.cluster.ClientEvents;
import io.zkrpc.core.internal.context.CallContext;
import io.zkrpc.core.internal.contract.ContractRouter;
import io.zkrpc.core.internal.cluster.ClusterStrategy;
import io.zkrpc.core.internal.cluster.InFlightCalls;
import io.zkrpc.core.internal.cluster.InstanceDirectory;
import io.zkrpc.core.internal.cluster.OutlierDetector;
import io.zkrpc.core.internal.cluster.RetryBudget;
import io.zkrpc.core.internal.cluster.TagRouting;
import io.zkrpc.core.internal.observation.ClientCallObserver;
import io.zkrpc.core.internal.observation.Scope;
import io.zkrpc.core.internal.support.Futures;
import io.zkrpc.core.registry.Instance;

/**
 * The last link of each method's consumer chain, shared by the methods of one reference: the
 * method's cluster strategy, over the instances that the routers and the outlier detector leave,
 * each attempt sent over HTTP.
 */
final class ClusterInvoker {

    private final InstanceDirectory directory;
    private final List<Router> routers;
    /** Narrows each method's calls to the instances exporting it; first, before the routers. */
    private final ContractRouter contract;
    private final LoadBalancer loadBalancer;
    private final HttpInvoker http;
    private final RetryBudget budget;
    private final OutlierDetector outliers;
    private final ClientCallObserver observer;
    private final InFlightCalls inFlight;
    private final ClientEvents events;
    /** Whether the balancer reads latency averages: only then does each attempt's end update one (a lock per attempt otherwise spent for nothing). */
    private final boolean recordsLatency;
    /** Whether a tagged call that no instance's tag matches finds none rather than going as an untagged call. */
    private final boolean tagStrict;

    /** @param observer what watches each call, or {@code null} for nothing */
    ClusterInvoker(InstanceDirectory directory, ContractRouter contract, List<Router> routers, LoadBalancer loadBalancer,
            HttpInvoker http, RetryBudget budget, OutlierDetector outliers, InFlightCalls inFlight, ClientEvents events,
            ClientCallObserver observer, boolean tagStrict) {
        this.directory = directory;
        this.contract = contract;
        this.tagStrict = tagStrict;
        this.routers = routers;
        this.loadBalancer = loadBalancer;
        this.http = http;
        this.budget = budget;
        this.outliers = outliers;
        this.observer = observer;
        this.inFlight = inFlight;
        this.events = events;
        this.recordsLatency = loadBalancer.usesLatency();
    }

    /** Performs {@code invocation} of {@code method}: its value, or a future of it for an asynchronous method. */
    Object invoke(Invocation invocation, ConsumerMethod method) throws Exception {
        budget.recordCall();
        // The deadline of the call this thread serves, if any: every attempt ends by it, retries and forks included.
        CallContext served = CallContext.current();
        Deadline deadline = served.hasDeadline() ? new Deadline(served.deadlineNanos()) : null;
        if (observer != null) {
            return method.mode().result(watched(observer.start(invocation), method, deadline));
        }
        return method.mode().result(attempts(invocation, method, null, deadline));
    }

    private CompletableFuture<Object> attempts(Invocation invocation, ConsumerMethod method, Watch watch, Deadline deadline) {
        try {
            return method.strategy().invoke(invocation, new Call(invocation, method, watch, deadline));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The call's attempts with {@code observed} current on the caller's thread while they are sent
     * (all of them for a blocking method), stopped before the caller sees the outcome: the call's
     * failure, or the one a failsafe call swallowed; stopped too when a router or balancer throws an
     * {@code Error}, which then goes on to the caller.
     */
    private CompletableFuture<Object> watched(ClientCallObserver.ClientCall observed, ConsumerMethod method, Deadline deadline) {
        Watch watch = new Watch(observed);
        CompletableFuture<Object> outcome;
        try (Scope scope = observed.openScope()) {
            outcome = attempts(observed.invocation(), method, watch, deadline);
        } catch (Throwable e) {
            observed.stop(e);
            throw e;
        }
        CompletableFuture<Object> seen = new CompletableFuture<>();
        outcome.whenComplete((value, failure) -> {
            try {
                observed.stop(failure == null ? watch.swallowed : failure);
            } finally {
                // The failure as the outcome holds it, so that the caller sees what it would see unwatched.
                if (failure == null) {
                    seen.complete(value);
                } else {
                    seen.completeExceptionally(failure);
                }
            }
        });
        return seen;
    }

    /** A watched call, and the failure its strategy swallowed, if any (failsafe answers the caller with an empty value). */
    private static final class Watch {

        final ClientCallObserver.ClientCall call;
        volatile Throwable swallowed;

        Watch(ClientCallObserver.ClientCall call) {
            this.call = call;
        }
    }

    /** The {@link System#nanoTime()} by which the caller of the call being served stops waiting. */
    private record Deadline(long nanos) {

        /**
         * {@code timeout}, or the time left when that is less.
         *
         * @throws RpcException {@code TIMEOUT} when no time is left
         */
        Duration timeout(Duration timeout, Invocation invocation) {
            long left = nanos - System.nanoTime();
            if (left < 1_000_000) {
                throw new RpcException(RpcErrorCode.TIMEOUT, "No time left to call " + invocation
                        + ": the caller of the call being served stopped waiting");
            }
            return left < timeout.toNanos() ? Duration.ofNanos(left) : timeout;
        }
    }

    /** Whether {@code failure} may be retried: only the machinery's own failures, by the rule of their code. */
    static boolean retryable(Throwable failure, boolean idempotent) {
        return failure instanceof RpcException rpc && rpc.code().retryable(idempotent);
    }

    /**
     * The instances that export the invoked method, as the tag routing and the routers narrow them,
     * less the isolated ones; possibly none.
     */
    private List<Instance> candidates(Invocation invocation, InstanceDirectory.Snapshot snapshot) {
        List<Instance> known = snapshot.instances();
        List<Instance> exporting = contract.route(known, invocation);
        List<Instance> routed = snapshot.routing().route(invocation, tagStrict);
        if (exporting != known) {
            routed = exporting(routed, exporting, snapshot.routing().pinned(invocation, tagStrict));
        }
        for (Router router : routers) {
            routed = router.route(routed, invocation);
        }
        return outliers.healthy(routed);
    }

    /**
     * The instances of {@code routed} that export the method (a rolling upgrade under way, so no
     * cost on the usual path); when the tag routing chose only instances that lack it, a call that
     * goes as an untagged one takes every instance that has it, while a call {@code pinned} to its
     * tag keeps to it.
     */
    private static List<Instance> exporting(List<Instance> routed, List<Instance> exporting, boolean pinned) {
        List<Instance> both = new ArrayList<>(routed);
        both.retainAll(exporting);
        return both.isEmpty() && !pinned ? exporting : both;
    }

    /** One call's attempts. */
    private final class Call implements ClusterStrategy.Attempts {

        private final Invocation invocation;
        private final ConsumerMethod method;
        private final List<Instance> known;
        private final List<Instance> candidates;
        private final Watch watch;
        private final Deadline deadline;

        Call(Invocation invocation, ConsumerMethod method, Watch watch, Deadline deadline) {
            this.invocation = invocation;
            this.method = method;
            this.watch = watch;
            this.deadline = deadline;
            InstanceDirectory.Snapshot snapshot = directory.snapshot();
            this.known = snapshot.instances();
            this.candidates = candidates(invocation, snapshot);
        }

        @Override
        public CallPolicy policy() {
            return method.policy();
        }

        @Override
        public Instance select(Set<Instance> excluded) {
            if (known.isEmpty() && directory.unavailableReason() != null) {
                throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, directory.unavailableReason()
                        + " (calling " + invocation + ")");
            }
            if (candidates.isEmpty()) {
                // Raised here, as the strategy's own failure, so that failsafe can turn it into the empty value.
                RpcException noneExports = contract.refusal(known, invocation);
                if (noneExports != null) {
                    throw noneExports;
                }
                throw new RpcException(RpcErrorCode.NO_PROVIDER, "No instance of " + invocation.service() + " is available for "
                        + invocation + (known.isEmpty() ? directory.elsewhere() : " (routing left none of " + known.size()
                        + TagRouting.emptied(invocation, tagStrict) + ")"));
            }
            if (excluded.isEmpty()) {
                return admitted(candidates, false);
            }
            List<Instance> left = new ArrayList<>(candidates.size());
            for (Instance candidate : candidates) {
                if (!excluded.contains(candidate)) {
                    left.add(candidate);
                }
            }
            return left.isEmpty() ? null : admitted(left, true);
        }

        /**
         * The balancer's pick, once the outlier detector admits it: a half-open instance whose probe
         * another call holds gives way to another pick; when every pick gives way, the first goes
         * anyway, as the detector never leaves a call without an instance.
         *
         * @param another whether the call already used an instance (a retry or a fork)
         */
        private Instance admitted(List<Instance> from, boolean another) {
            Instance first = pick(from, another);
            if (outliers.tryAcquireProbe(first)) {
                return first;
            }
            List<Instance> left = new ArrayList<>(from);
            Instance picked = first;
            while (left.remove(picked) && !left.isEmpty()) {
                picked = pick(left, another);
                if (outliers.tryAcquireProbe(picked)) {
                    return picked;
                }
            }
            return first;
        }

        private Instance pick(List<Instance> from, boolean another) {
            return another ? loadBalancer.selectAnother(from, invocation, inFlight) : loadBalancer.select(from, invocation, inFlight);
        }

        @Override
        public CompletableFuture<Object> send(Instance instance) {
            Duration timeout = timeout();
            if (watch != null) {
                watch.call.attempt(instance);
            }
            AtomicInteger running = inFlight.enter(instance);
            long started = System.nanoTime();
            try {
                return observed(instance, running, started, method.mode().send(http, instance, invocation, timeout));
            } catch (RuntimeException | Error e) {
                running.decrementAndGet();
                throw e;
            }
        }

        @Override
        public CompletableFuture<Object> sendAsync(Instance instance) {
            Duration timeout = timeout();
            if (watch != null) {
                watch.call.attempt(instance);
            }
            AtomicInteger running = inFlight.enter(instance);
            long started = System.nanoTime();
            try {
                return observed(instance, running, started, http.sendAsync(instance, invocation, timeout));
            } catch (RuntimeException | Error e) {
                running.decrementAndGet();
                throw e;
            }
        }

        /** The attempt's timeout: the method's, capped by the served call's deadline. */
        private Duration timeout() {
            Duration timeout = method.policy().timeout();
            return deadline == null ? timeout : deadline.timeout(timeout, invocation);
        }

        @Override
        public void swallowed(Throwable failure) {
            if (watch != null) {
                watch.swallowed = failure;
            }
        }

        @Override
        public boolean retryAllowed(Throwable failure) {
            if (!retryable(failure, method.policy().idempotent())) {
                return false;
            }
            RpcErrorCode reason = ((RpcException) failure).code();
            if (!budget.tryRetry()) {
                events.onRetryRefused(invocation.service(), reason);
                return false;
            }
            events.onRetry(invocation.service(), reason);
            return true;
        }

        private CompletableFuture<Object> observed(Instance instance, AtomicInteger running, long started,
                CompletableFuture<Object> attempt) {
            if (attempt.isDone() && !attempt.isCompletedExceptionally()) {
                // A blocking attempt that answered: recorded at once, without a stage (a future and a lambda) per attempt.
                try {
                    ended(instance, running, started, null);
                } catch (RuntimeException | Error e) {
                    return CompletableFuture.failedFuture(e); // as whenComplete would fail its stage
                }
                return attempt;
            }
            return attempt.whenComplete((value, failure) -> ended(instance, running, started, failure));
        }

        /** Records the end of an attempt to {@code instance}: in flight, latency, the watch, the outlier detector. */
        private void ended(Instance instance, AtomicInteger running, long started, Throwable failure) {
            running.decrementAndGet();
            if (recordsLatency) {
                inFlight.recordLatency(instance, System.nanoTime() - started);
            }
            if (failure == null && watch != null) {
                // With forks, the one that answers, not the last one sent.
                watch.call.answered(instance);
            }
            Throwable cause = failure == null ? null : Futures.unwrap(failure);
            if (cause instanceof RpcException rpc && rpc.code().instanceFailure()) {
                outliers.onFailure(instance, rpc.code());
            } else {
                outliers.onSuccess(instance);
            }
        }
    }
}
