package io.zkrpc.core.observation;

import io.micrometer.observation.transport.RequestReplyReceiverContext;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.observation.CallOutcome;

/**
 * The context of a {@code zkrpc.server.requests} observation: one call served by the provider,
 * from the moment its method is resolved until its answer is ready. Its carrier is the call's
 * invocation, whose attachments a tracer's propagator reads the caller's trace context from.
 */
public final class ZkRpcServerContext extends RequestReplyReceiverContext<Invocation, Object> {

    private final String callerAddress;

    /**
     * @param invocation the call
     * @param callerAddress the caller's address as the transport saw it, or {@code null} when unknown
     */
    public ZkRpcServerContext(Invocation invocation, String callerAddress) {
        super(Invocation::attachment);
        this.callerAddress = callerAddress;
        setCarrier(invocation);
    }

    /** The call served. */
    public Invocation getInvocation() {
        return getCarrier();
    }

    /** The caller's address, or {@code null} when the transport did not say. */
    public String getCallerAddress() {
        return callerAddress;
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
