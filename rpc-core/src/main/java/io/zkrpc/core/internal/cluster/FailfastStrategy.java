package io.zkrpc.core.internal.cluster;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.zkrpc.core.filter.Invocation;

/** One attempt; its failure is the call's. */
final class FailfastStrategy implements ClusterStrategy {

    static final FailfastStrategy INSTANCE = new FailfastStrategy();

    @Override
    public CompletableFuture<Object> invoke(Invocation invocation, Attempts attempts) {
        return attempts.send(attempts.select(Set.of()));
    }
}
