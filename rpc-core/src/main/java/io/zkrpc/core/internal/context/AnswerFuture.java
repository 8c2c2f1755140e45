package io.zkrpc.core.internal.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The future that an asynchronous call of a method with a stale-if-error store or a fallback
 * hands its caller: it remembers whether a stale result completed it, so that
 * {@link io.zkrpc.core.RpcContext#isStale(CompletionStage)} can tell, on any thread and at any
 * time after, with no registry of futures to keep. The stages derived from it are plain futures.
 */
public final class AnswerFuture<T> extends CompletableFuture<T> {

    /** Set before the stale value completes this future, so that the stages it runs see it. */
    private volatile boolean stale;

    /** Completes this future with {@code kept}, a stale result, marked as one. */
    public boolean completeStale(T kept) {
        stale = true;
        return complete(kept);
    }

    /** Whether {@code answer} is the future of a call, completed with a stale result. */
    public static boolean isStale(CompletionStage<?> answer) {
        // Done and not failed: a cancellation may win the race with the stale value.
        return answer instanceof AnswerFuture<?> future && future.stale && future.isDone() && !future.isCompletedExceptionally();
    }
}
