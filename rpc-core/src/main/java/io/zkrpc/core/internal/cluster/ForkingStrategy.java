package io.zkrpc.core.internal.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.support.Futures;
import io.zkrpc.core.registry.Instance;

/**
 * Sends the call at once to up to {@link CallPolicy#forks()} different instances; the first
 * success is the result, and the call fails only when every attempt fails. For read paths that
 * need low latency: it multiplies their load.
 */
final class ForkingStrategy implements ClusterStrategy {

    static final ForkingStrategy INSTANCE = new ForkingStrategy();

    @Override
    public CompletableFuture<Object> invoke(Invocation invocation, Attempts attempts) {
        List<Instance> chosen = new ArrayList<>();
        Set<Instance> excluded = new HashSet<>();
        for (int i = 0; i < attempts.policy().forks(); i++) {
            Instance next = attempts.select(excluded);
            if (next == null) {
                break;
            }
            chosen.add(next);
            excluded.add(next);
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        AtomicInteger failures = new AtomicInteger();
        for (Instance instance : chosen) {
            attempts.sendAsync(instance).whenComplete((value, failure) -> {
                if (failure == null) {
                    result.complete(value);
                } else if (failures.incrementAndGet() == chosen.size()) {
                    result.completeExceptionally(Futures.unwrap(failure));
                }
            });
        }
        return result;
    }
}
