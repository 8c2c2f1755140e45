package io.zkrpc.core.consumer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.support.Futures;
import io.zkrpc.core.registry.Instance;

/**
 * Whether a method's calls block their caller or hand back a future, decided once per method from
 * its return type: the one place of the consumer that asks {@link MethodDescriptor#isAsync()}.
 */
enum CallMode {

    /** A plain return type: attempts run on the caller's thread, and the caller gets the value or the failure. */
    BLOCKING {
        @Override
        CompletableFuture<Object> send(HttpInvoker http, Instance instance, Invocation invocation, Duration timeout) {
            return http.send(instance, invocation, timeout);
        }

        @Override
        Object result(CompletableFuture<Object> outcome) throws Exception {
            return Futures.join(outcome);
        }

        @Override
        Object failed(Exception failure) throws Exception {
            throw failure;
        }
    },

    /** A {@code CompletableFuture} or {@code CompletionStage}: nothing blocks the caller, and every failure completes the future. */
    ASYNC {
        @Override
        CompletableFuture<Object> send(HttpInvoker http, Instance instance, Invocation invocation, Duration timeout) {
            return http.sendAsync(instance, invocation, timeout);
        }

        @Override
        Object result(CompletableFuture<Object> outcome) {
            return outcome;
        }

        @Override
        Object failed(Exception failure) {
            return CompletableFuture.failedFuture(failure);
        }
    };

    static CallMode of(MethodDescriptor method) {
        return method.isAsync() ? ASYNC : BLOCKING;
    }

    /** Sends one attempt the way this mode's calls go. */
    abstract CompletableFuture<Object> send(HttpInvoker http, Instance instance, Invocation invocation, Duration timeout);

    /** What the caller receives for the call's {@code outcome}. */
    abstract Object result(CompletableFuture<Object> outcome) throws Exception;

    /** What the caller receives when the call fails before it has an outcome (a filter threw). */
    abstract Object failed(Exception failure) throws Exception;
}
