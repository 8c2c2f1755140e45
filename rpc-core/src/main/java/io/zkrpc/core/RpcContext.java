package io.zkrpc.core;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.zkrpc.core.internal.context.AnswerFuture;
import io.zkrpc.core.internal.context.CallContext;

/**
 * The context of the calls made and served on the current thread, as string attachments that
 * travel with a call.
 *
 * <p>On a consumer, what {@link #setAttachment} sets travels with the thread's <em>next</em> call
 * of a remote method (of any reference), and is then cleared, as Dubbo's client attachments are:
 * <pre>{@code
 * RpcContext.current().setAttachment("tenant", "acme");
 * orders.findById(42);          // carries tenant=acme
 * orders.findById(43);          // carries nothing
 * }</pre>
 * On a provider, while a call is served (in the provider filters and the service bean, on the
 * thread that runs them), {@link #getAttachment} reads what the caller sent:
 * <pre>{@code
 * public Order findById(long id) {
 *     String tenant = RpcContext.current().getAttachment("tenant");
 *     ...
 * }
 * }</pre>
 * The attachments a client is told to propagate ({@code zkrpc.context.propagate}, or
 * {@code RpcClient.Builder#propagate}) pass on by themselves to the calls made while serving a
 * call. So does the caller's deadline: a call made while serving one never waits longer than the
 * served call's caller still waits, and fails at once with {@link RpcErrorCode#TIMEOUT} when that
 * time is up. The context is bound to the thread: a call served by an asynchronous method sees it
 * while the method runs, not in the stages that complete its future on other threads.
 *
 * <p>Names starting with {@code zkrpc.} belong to the framework; {@value #TAG} is the one an
 * application sets. Names are at most 256 characters, values at most 8,192 characters, and a call carries at
 * most 32 attachments from the context: beyond that {@link #setAttachment} throws
 * {@link IllegalArgumentException}.
 */
public final class RpcContext {

    /** The attachment that pins a call to the instances of that tag (gray release). */
    public static final String TAG = CallContext.TAG;

    private final CallContext state;

    private RpcContext(CallContext state) {
        this.state = state;
    }

    /** The current thread's context. */
    public static RpcContext current() {
        return new RpcContext(CallContext.current());
    }

    /**
     * The attachment {@code name}: the value set for the next call, else, while a call is served,
     * the value its caller sent; {@code null} when neither.
     */
    public String getAttachment(String name) {
        return state.attachment(name);
    }

    /**
     * Sets an attachment for this thread's next call, replacing one of the same name.
     *
     * @return this context
     * @throws IllegalArgumentException when the name is empty, reserved or too long, the value is
     *                                  {@code null} or too long, or too many attachments are set
     */
    public RpcContext setAttachment(String name, String value) {
        state.set(name, value);
        return this;
    }

    /** Removes an attachment set for the next call; returns its value, or {@code null}. */
    public String removeAttachment(String name) {
        return state.remove(name);
    }

    /** Every attachment {@link #getAttachment} sees, as an unmodifiable snapshot. */
    public Map<String, String> getAttachments() {
        return state.attachments();
    }

    /** What the caller of the call served on this thread sent; empty outside a served call. */
    public Map<String, String> getCallerAttachments() {
        return state.received();
    }

    /**
     * How long the caller of the call served on this thread still waits (possibly zero); empty
     * outside a served call, or when the caller did not say.
     */
    public Optional<Duration> remainingTime() {
        return state.hasDeadline() ? Optional.of(Duration.ofNanos(Math.max(0, state.remainingNanos()))) : Optional.empty();
    }

    /**
     * Whether the answer of the last blocking call that this thread made was a stale one: a result
     * of an earlier call with equal arguments, answered from the method's stale-if-error store
     * because the service could not answer now
     * ({@code zkrpc.consumer.services[<interface>].methods.<name>.stale-if-error}). Every call of a
     * remote method sets it anew, so read it right after the call:
     * <pre>{@code
     * Quote quote = quotes.latest("ACME");
     * if (RpcContext.current().isStale()) {
     *     banner.show("Prices may be out of date");
     * }
     * }</pre>
     * A fallback's answer is not stale, even when the fallback itself called a method that answered
     * stale. A call of a method that returns a future sets it to {@code false}: ask
     * {@link #isStale(CompletionStage)} about its future instead.
     */
    public boolean isStale() {
        return state.stale();
    }

    /**
     * Whether {@code answer}, the very future that a call of a remote method returned, was completed
     * with a stale result (see {@link #isStale()}); {@code false} while it is pending, for a fresh or
     * fallback answer or a failure, and for any other stage, including those derived from it with
     * {@code thenApply} and the like. It may be asked on any thread, also by stages attached to the
     * future, which run after the mark is set:
     * <pre>{@code
     * CompletableFuture<Quote> quote = quotes.latestLater("ACME");
     * quote.thenAccept(q -> show(q, RpcContext.isStale(quote)));
     * }</pre>
     * The mark lives on the future itself, so it costs nothing once the caller lets go of it.
     */
    public static boolean isStale(CompletionStage<?> answer) {
        return AnswerFuture.isStale(answer);
    }

    @Override
    public String toString() {
        return "RpcContext" + getAttachments();
    }
}
