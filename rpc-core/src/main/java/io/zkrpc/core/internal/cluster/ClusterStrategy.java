package io.zkrpc.core.internal.cluster;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/**
 * How one call uses the instances of its service: one attempt, or several in turn or at once.
 * Strategies are chosen per service or method by name ({@link CallPolicy#cluster()}).
 *
 * <p>Not an extension point: the set of strategies is closed ({@link #named}), and users choose
 * among them by name. The type is public only for the consumer package; it belongs to the
 * internal packages (to move there with the other internals).
 */
public interface ClusterStrategy {

    /** Retry retryable failures on other instances (the default). */
    String FAILOVER = "failover";
    /** One attempt; its failure is the call's. */
    String FAILFAST = "failfast";
    /** One attempt; a failure is logged and the call returns the empty value of its type. */
    String FAILSAFE = "failsafe";
    /** Several attempts at once on different instances; the first success wins. */
    String FORKING = "forking";

    /** Performs the call; the future fails with the call's failure. */
    CompletableFuture<Object> invoke(Invocation invocation, Attempts attempts);

    /** What a strategy can do for one call. */
    interface Attempts {

        CallPolicy policy();

        /**
         * Picks an instance among those not in {@code excluded}.
         *
         * @return the instance, or {@code null} when every candidate is excluded
         * @throws io.zkrpc.core.RpcException {@code NO_PROVIDER} when there is no candidate at all
         */
        Instance select(Set<Instance> excluded);

        /** Sends the call to {@code instance}, blocking the caller for a synchronous method. */
        CompletableFuture<Object> send(Instance instance);

        /** Sends the call to {@code instance} without blocking the caller. */
        CompletableFuture<Object> sendAsync(Instance instance);

        /** Whether {@code failure} may be retried on another instance now: retryable for this method, and within the retry budget. */
        boolean retryAllowed(Throwable failure);

        /** The call failed with {@code failure}, which the strategy answers with a value instead: for the call's observation. */
        default void swallowed(Throwable failure) {
        }
    }

    /** The strategy named {@code name}. */
    static ClusterStrategy named(String name) {
        return switch (name) {
            case FAILOVER -> FailoverStrategy.INSTANCE;
            case FAILFAST -> FailfastStrategy.INSTANCE;
            case FAILSAFE -> FailsafeStrategy.INSTANCE;
            case FORKING -> ForkingStrategy.INSTANCE;
            default -> throw new IllegalArgumentException("Unknown cluster strategy '" + name + "'; known: "
                    + FAILOVER + ", " + FAILFAST + ", " + FAILSAFE + ", " + FORKING);
        };
    }
}
