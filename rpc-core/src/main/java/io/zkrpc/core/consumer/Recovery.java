package io.zkrpc.core.consumer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.cache.StaleStore;
import io.zkrpc.core.internal.cluster.ClientEvents;
import io.zkrpc.core.internal.context.AnswerFuture;
import io.zkrpc.core.internal.context.CallContext;
import io.zkrpc.core.internal.support.Futures;
import io.zkrpc.core.registry.ServiceKey;

/**
 * What answers a call of one method when the service could not ({@link io.zkrpc.core.RpcErrorCode#unavailable()}):
 * the last good result for equal arguments while it is young enough (stale-if-error), else the
 * reference's fallback, else nothing and the caller gets the failure. Only methods with a stale
 * store or a fallback have one, so that other calls pay nothing for it.
 */
final class Recovery {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final ServiceKey service;
    private final MethodDescriptor method;
    /** The reference's fallback, or {@code null}. */
    private final Object fallback;
    /** The method's last good results, or {@code null} when it has no stale-if-error. */
    private final StaleStore stale;
    private final ClientEvents events;

    Recovery(ServiceKey service, MethodDescriptor method, Object fallback, StaleStore stale, ClientEvents events) {
        this.service = service;
        this.method = method;
        this.fallback = fallback;
        this.stale = stale;
        this.events = events;
        if (fallback != null) {
            // The interface may be package-private (the proxy serves it all the same); its method then needs this to be called.
            method.method().trySetAccessible();
        }
    }

    /** Keeps a good {@code result} of the call with {@code arguments}, when the method has stale-if-error. */
    void succeeded(Object[] arguments, Object result) {
        if (stale != null && result != null) {
            stale.put(arguments, result);
        }
    }

    /**
     * The answer of a blocking call that failed with {@code failure}: the stale result (marking the
     * thread's context stale), or the fallback's.
     *
     * @throws Exception {@code failure} when nothing answers it, or what the fallback throws
     */
    Object recover(Object[] arguments, Exception failure) throws Exception {
        if (!(failure instanceof RpcException rpc && rpc.code().unavailable())) {
            throw failure;
        }
        Object kept = stale == null ? null : stale.get(arguments);
        if (kept != null) {
            log.debug("Answering {} of {} with a stale result after: {}", method.signature(), service, failure.getMessage());
            events.onStale(service, method.signature(), rpc.code());
            CallContext.current().stale(true);
            return kept;
        }
        if (fallback == null) {
            throw failure;
        }
        log.debug("Answering {} of {} from the fallback after: {}", method.signature(), service, failure.getMessage());
        events.onFallback(service, method.signature(), rpc.code());
        return fallbackAnswer(arguments);
    }

    /**
     * What the fallback answers the call with {@code arguments} (a value, or a future), the thread's
     * context then telling of this answer, not stale, rather than of a call the fallback made itself.
     *
     * @throws Exception what the fallback throws, as itself
     */
    Object fallbackAnswer(Object[] arguments) throws Exception {
        try {
            return fallback(arguments);
        } finally {
            CallContext.current().stale(false);
        }
    }

    /**
     * Completes {@code answer}, the future of an asynchronous call that failed with {@code failure},
     * with the stale result (marked as one), the fallback's future, or the failure.
     */
    void recover(Object[] arguments, Throwable failure, AnswerFuture<Object> answer) {
        Throwable cause = Futures.unwrap(failure);
        if (!(cause instanceof RpcException rpc && rpc.code().unavailable())) {
            answer.completeExceptionally(cause);
            return;
        }
        Object kept = stale == null ? null : stale.get(arguments);
        if (kept != null) {
            log.debug("Answering {} of {} with a stale result after: {}", method.signature(), service, cause.getMessage());
            events.onStale(service, method.signature(), rpc.code());
            answer.completeStale(kept);
            return;
        }
        if (fallback == null) {
            answer.completeExceptionally(cause);
            return;
        }
        log.debug("Answering {} of {} from the fallback after: {}", method.signature(), service, cause.getMessage());
        events.onFallback(service, method.signature(), rpc.code());
        fallbackLater(arguments, answer);
    }

    /** Completes {@code answer} as the fallback's future of the call with {@code arguments} completes. */
    void fallbackLater(Object[] arguments, CompletableFuture<Object> answer) {
        try {
            Object stage = fallbackAnswer(arguments);
            if (stage == null) {
                throw new IllegalStateException("The fallback " + fallback.getClass().getName() + " returned null from "
                        + method.signature() + " instead of a future");
            }
            ((CompletionStage<?>) stage).whenComplete((value, failure) -> {
                if (failure == null) {
                    answer.complete(value);
                } else {
                    answer.completeExceptionally(Futures.unwrap(failure));
                }
            });
        } catch (Throwable e) {
            answer.completeExceptionally(e);
        }
    }

    /**
     * What the fallback answers for the call with {@code arguments}.
     *
     * @throws Exception what the fallback throws, as itself
     */
    private Object fallback(Object[] arguments) throws Exception {
        Method target = method.method();
        try {
            return target.invoke(fallback, arguments);
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getCause();
            if (thrown instanceof Exception exception) {
                throw exception;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
