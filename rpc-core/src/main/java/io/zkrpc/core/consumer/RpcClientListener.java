package io.zkrpc.core.consumer;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.cluster.Isolation;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Told of what an {@link RpcClient} decides on its own, beside the calls themselves: retries,
 * retries the retry budget refused, and instances leaving and rejoining the rotation. For metrics
 * (the Spring Boot starter binds one to Micrometer) or an application's own bookkeeping.
 *
 * <p>Every method has an empty default; implement those you need. They run on the thread that
 * made the decision, often a call's own, so they must be quick and must not block. One that
 * throws is logged at DEBUG and ignored: it never fails a call.
 */
public interface RpcClientListener {

    /** The client subscribed to {@code service}'s instance list: its first reference, or its first {@link RpcClient#instances} call. */
    default void onSubscribed(ServiceKey service) {
    }

    /**
     * A failed attempt is being retried on another instance.
     *
     * @param service the service called
     * @param reason the error code of the failure that is retried, such as {@code CONNECT} or {@code TIMEOUT}
     */
    default void onRetry(ServiceKey service, RpcErrorCode reason) {
    }

    /**
     * A retryable failure was not retried because the service's retry budget was spent; the call
     * fails with it.
     *
     * @param service the service called
     * @param reason the error code of the failure that was not retried
     */
    default void onRetryRefused(ServiceKey service, RpcErrorCode reason) {
    }

    /** {@code instance} was taken out of the rotation for failing, as {@code isolation} says. */
    default void onIsolated(Instance instance, Isolation isolation) {
    }

    /** {@code instance}, isolated before, answered again and is back in the rotation. */
    default void onRestored(Instance instance) {
    }

    /**
     * A call that failed because the service could not answer ({@link RpcErrorCode#unavailable()})
     * was answered by the reference's fallback, after its retries. Calls of a reference whose mock is
     * forced are not reported: they never try the service.
     *
     * @param service the service called
     * @param method the method, named with its parameter types, as in logs
     * @param reason the error code of the failure that the fallback answered
     */
    default void onFallback(ServiceKey service, String method, RpcErrorCode reason) {
    }

    /**
     * A call that failed because the service could not answer was answered with the last good result
     * for equal arguments (the method's stale-if-error).
     *
     * @param service the service called
     * @param method the method, named with its parameter types, as in logs
     * @param reason the error code of the failure that the stale result answered
     */
    default void onStale(ServiceKey service, String method, RpcErrorCode reason) {
    }
}
