package io.zkrpc.core.observation;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.observation.transport.RequestReplySenderContext;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.observation.CallAttempts;
import io.zkrpc.core.internal.observation.CallOutcome;
import io.zkrpc.core.registry.Instance;

/**
 * The context of a {@code zkrpc.client.requests} observation: one logical call from the consumer,
 * its retries included. Its carrier is the call's attachments, into which a tracer's propagator
 * writes the trace context that the provider reads back.
 */
public final class ZkRpcClientContext extends RequestReplySenderContext<Map<String, String>, Object> {

    private final Invocation invocation;
    private final CallAttempts attempts = new CallAttempts();

    /** The context of a call of {@code invocation}, its carrier a copy of the invocation's attachments. */
    public ZkRpcClientContext(Invocation invocation) {
        super(Map::put);
        this.invocation = invocation;
        setCarrier(new HashMap<>(invocation.attachments()));
        // Where zkrpc records the attempts, the context itself offering no mutator.
        put(CallAttempts.class, attempts);
    }

    /** The call as the filters passed it on, before anything was attached. */
    public Invocation getInvocation() {
        return invocation;
    }

    /** The instance that answered, or that the last attempt went to; {@code null} when none was tried. */
    public Instance getInstance() {
        return attempts.instance();
    }

    /** The attempts made so far: 1 for a call answered at once, more with retries or forks, 0 when no instance was tried. */
    public int getAttempts() {
        return attempts.count();
    }

    /**
     * How the call ended, once it has: {@code SUCCESS}, {@code SERVICE_EXCEPTION} (the method
     * threw) or {@code RPC_ERROR} (the machinery failed), from {@link #getError()}.
     */
    public String getOutcome() {
        return CallOutcome.of(getError());
    }

    /**
     * The error code of the call, once it has ended: an {@link io.zkrpc.core.RpcErrorCode}'s name, the
     * simple name of the service's exception, or {@code none} for success.
     */
    public String getErrorCode() {
        return CallOutcome.errorCode(getError());
    }
}
