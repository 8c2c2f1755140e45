package io.zkrpc.core.internal.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for the futures of the call path. */
public final class Futures {

    private Futures() {
    }

    /** The failure itself, without the {@link CompletionException} or {@link ExecutionException} wrapping it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Waits for {@code future} and returns its value, or throws its failure as itself. */
    public static Object join(CompletableFuture<?> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
