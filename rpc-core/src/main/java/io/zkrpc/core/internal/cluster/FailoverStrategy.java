package io.zkrpc.core.internal.cluster;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.support.Futures;
import io.zkrpc.core.registry.Instance;

/**
 * Retries a retryable failure on an instance not tried yet, up to the policy's retries and within
 * the retry budget. When every attempt fails, the last failure is raised with the earlier ones
 * attached as suppressed exceptions.
 */
final class FailoverStrategy implements ClusterStrategy {

    static final FailoverStrategy INSTANCE = new FailoverStrategy();

    private static final Logger log = LoggerFactory.getLogger(FailoverStrategy.class);

    @Override
    public CompletableFuture<Object> invoke(Invocation invocation, Attempts attempts) {
        return attempt(invocation, attempts, attempts.select(Set.of()), Set.of(), attempts.policy().retries());
    }

    private CompletableFuture<Object> attempt(Invocation invocation, Attempts attempts, Instance instance, Set<Instance> tried,
            int retriesLeft) {
        CompletableFuture<Object> sent = attempts.send(instance);
        if (sent.isDone() && !sent.isCompletedExceptionally()) {
            // A blocking attempt that answered: nothing to retry, and no stage (a future and a lambda) to build for it.
            return sent;
        }
        return sent.exceptionallyCompose(failure -> {
            Throwable cause = Futures.unwrap(failure);
            if (retriesLeft == 0) {
                return CompletableFuture.failedFuture(cause);
            }
            Set<Instance> excluded = new HashSet<>(tried);
            excluded.add(instance);
            Instance next = attempts.select(excluded);
            if (next == null || !attempts.retryAllowed(cause)) {
                return CompletableFuture.failedFuture(cause);
            }
            log.debug("Retrying {} on {} after {}", invocation, next, cause.toString());
            return attempt(invocation, attempts, next, excluded, retriesLeft - 1).exceptionallyCompose(later -> {
                Throwable last = Futures.unwrap(later);
                if (last != cause) {
                    last.addSuppressed(cause);
                }
                return CompletableFuture.failedFuture(last);
            });
        });
    }
}
