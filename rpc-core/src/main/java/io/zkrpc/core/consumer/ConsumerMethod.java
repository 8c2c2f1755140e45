package io.zkrpc.core.consumer;

import java.time.Duration;
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
import io.zkrpc.core.internal.cache.StaleStore;
import io.zkrpc.core.internal.cluster.ClientEvents;
import io.zkrpc.core.internal.cluster.ClusterStrategy;
import io.zkrpc.core.internal.context.AnswerFuture;
import io.zkrpc.core.internal.context.CallContext;
import io.zkrpc.core.internal.filter.FilterChain;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Everything the calls of one remote method need, prepared once when the reference is created, as
 * Retrofit's {@code HttpServiceMethod} is: the method's descriptor, its resolved policy and cluster
 * strategy, whether it blocks or returns a future, its result cache if it has one, what answers
 * when the service cannot (stale-if-error, fallback) if anything does, and its filter chain ending
 * in the cluster invoker.
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
    /** What answers when the service cannot, or {@code null} when nothing does. */
    private final Recovery recovery;
    /** Whether every call is answered by the fallback, without the filters or the network (a forced mock). */
    private final boolean forced;

    /**
     * @param cache the method's result cache, or {@code null}
     * @param recovery what answers when the service cannot, or {@code null}
     * @param forced whether {@code recovery}'s fallback answers every call
     * @throws IllegalArgumentException when the policy names an unknown cluster strategy
     */
    ConsumerMethod(ServiceKey service, MethodDescriptor descriptor, CallPolicy policy, List<Filter> filters, ClusterInvoker cluster,
            Collection<String> propagate, ResultCache cache, Recovery recovery, boolean forced) {
        this.propagate = propagate;
        this.cache = cache;
        this.recovery = recovery;
        this.forced = forced;
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
     * and its result cache from the annotation, then the method's cache settings; and what answers
     * when the service cannot, from the reference's fallback and the method's stale-if-error.
     *
     * @param cluster the reference's cluster invoker; {@code null} when its mock is forced
     * @throws IllegalArgumentException naming the method, when its settings are invalid
     */
    static ConsumerMethod prepare(ServiceKey service, MethodDescriptor method, CallPolicy defaults, ReferenceConfig<?> config,
            List<Filter> filters, ClusterInvoker cluster, Collection<String> propagate, ClientEvents events) {
        try {
            CallPolicy policy = defaults.with(config.overrides())
                    .with(PolicyOverrides.of(method.method().getAnnotation(RpcMethod.class)))
                    .with(config.methodOverrides().get(method.name()));
            CacheSettings caching = CacheSettings.of(method.method().getAnnotation(RpcMethod.class))
                    .and(config.methodCaches().get(method.name()));
            if (config.forceFallback()) {
                return new ConsumerMethod(service, method, policy, filters, cluster, propagate, null,
                        new Recovery(service, method, config.fallback(), null, events), true);
            }
            Duration staleAge = config.methodStaleIfError().get(method.name());
            StaleStore stale = staleAge == null ? null : StaleStore.create(staleAge);
            Recovery recovery = stale == null && config.fallback() == null ? null
                    : new Recovery(service, method, config.fallback(), stale, events);
            return new ConsumerMethod(service, method, policy, filters, cluster, propagate,
                    caching.enabled() ? ResultCache.create(caching) : null, recovery, false);
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
     * only (an asynchronous method's once its future completes so). When the call then fails because
     * the service could not answer, the method's stale-if-error result answers if it has a young
     * enough one, else the reference's fallback if it has one; neither answer is cached. A forced
     * mock answers every call from the fallback, before anything else.
     */
    Object call(Object[] arguments) throws Exception {
        try {
            CallContext context = CallContext.current();
            context.stale(false);
            Invocation invocation = new Invocation(service, descriptor, arguments, context.takeOutgoing(propagate));
            if (forced) {
                return forcedAnswer(invocation.arguments());
            }
            if (cache != null) {
                Object hit = cache.get(invocation.arguments());
                if (hit != null) {
                    return mode == CallMode.ASYNC ? CompletableFuture.completedFuture(hit) : hit;
                }
            }
            if (recovery != null) {
                return mode == CallMode.ASYNC ? recoveredLater(invocation) : recovered(invocation);
            }
            return cache == null ? chain.proceed(invocation) : cached(invocation);
        } catch (Exception e) {
            return mode.failed(e);
        }
    }

    /** The remote call, its good result cached. */
    private Object cached(Invocation invocation) throws Exception {
        Object[] arguments = invocation.arguments();
        Object result = chain.proceed(invocation);
        if (mode == CallMode.ASYNC && result instanceof CompletableFuture<?> future) {
            future.whenComplete((value, failure) -> {
                if (failure == null) {
                    keep(arguments, value);
                }
            });
        } else if (mode == CallMode.BLOCKING) {
            keep(arguments, result);
        }
        return result;
    }

    /** The blocking remote call, its good result kept, its failure answered by the recovery if it can. */
    private Object recovered(Invocation invocation) throws Exception {
        Object[] arguments = invocation.arguments();
        Object result;
        try {
            result = chain.proceed(invocation);
        } catch (Exception e) {
            return recovery.recover(arguments, e);
        }
        keep(arguments, result);
        return result;
    }

    /**
     * The asynchronous remote call, its good result kept, its failure answered by the recovery if it
     * can. Whatever goes wrong on the way (a listener's {@code Error}, arguments that cannot be
     * hashed) fails the answer rather than leave it pending; cancelling the answer cancels the
     * chain's future, as it does when the caller holds that future itself (no recovery).
     */
    private CompletableFuture<Object> recoveredLater(Invocation invocation) {
        Object[] arguments = invocation.arguments();
        CompletableFuture<?> outcome;
        try {
            outcome = (CompletableFuture<?>) chain.proceed(invocation);
        } catch (Exception e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        AnswerFuture<Object> answer = new AnswerFuture<>();
        outcome.whenComplete((value, failure) -> {
            try {
                if (failure != null) {
                    recovery.recover(arguments, failure, answer);
                    return;
                }
                keep(arguments, value);
                answer.complete(value);
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        CompletableFuture<?> sent = outcome;
        answer.whenComplete((value, failure) -> {
            if (answer.isCancelled()) {
                sent.cancel(true);
            }
        });
        return answer;
    }

    /** Keeps a good {@code result} of the call with {@code arguments}: in the result cache and the stale store, where the method has them. */
    private void keep(Object[] arguments, Object result) {
        if (result == null) {
            return;
        }
        if (cache != null) {
            cache.put(arguments, result);
        }
        if (recovery != null) {
            recovery.succeeded(arguments, result);
        }
    }

    /** The fallback's answer, for a forced mock: nothing else runs. */
    private Object forcedAnswer(Object[] arguments) throws Exception {
        if (mode == CallMode.BLOCKING) {
            return recovery.fallbackAnswer(arguments);
        }
        CompletableFuture<Object> answer = new CompletableFuture<>();
        recovery.fallbackLater(arguments, answer);
        return answer;
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
