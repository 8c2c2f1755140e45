package io.zkrpc.core.internal.provider;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.observation.ServerCallObserver;
import io.zkrpc.core.internal.support.Futures;

/**
 * The answer of an asynchronous method: its future's value or failure, or {@code TIMEOUT} once the
 * caller stops waiting, rather than hold the request (and the drain) for a future that never ends.
 */
final class AsyncAnswer {

    private AsyncAnswer() {
    }

    /**
     * @param leftMillis the milliseconds the caller still waits, or -1 when it did not say (then
     *                   the answer waits for the future)
     * @param watch what watches the call, stopped when the answer is known; {@code null} for nothing
     */
    static CompletableFuture<EncodedResponse> of(CompletionStage<?> stage, Invocation invocation, long leftMillis, Responses responses,
            ServerCallObserver.ServerCall watch) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        if (leftMillis > 0) {
            // A copy, so that the timeout does not complete the service's own future.
            future = future.copy().orTimeout(leftMillis, TimeUnit.MILLISECONDS);
        }
        // orTimeout fails the copy with a bare TimeoutException; the bean's own failures arrive wrapped.
        return future.handle((value, failure) -> {
            if (failure == null) {
                return responses.success(value, watch);
            }
            if (failure instanceof TimeoutException) {
                String message = invocation + " did not complete within the caller's " + leftMillis + " ms";
                return responses.failure(invocation, new RpcException(RpcErrorCode.TIMEOUT, message), watch);
            }
            return responses.failure(invocation, BeanInvoker.ownFailure(invocation, Futures.unwrap(failure)), watch);
        });
    }
}
