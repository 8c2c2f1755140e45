package io.zkrpc.core.observation;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.observation.transport.RequestReplySenderContext;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/**
 * The context of a {@code zkrpc.client.requests} observation: one logical call from the consumer,
 * its retries included. Its carrier is the call's attachments, into which a tracer's propagator
 * writes the trace context that the provider reads back.
 */
public final class ZkRpcClientContext extends RequestReplySenderContext<Map<String, String>, Object> {

    private final Invocation invocation;
    private volatile Instance instance;
    private volatile int attempts;

    /** The context of a call of {@code invocation}, its carrier a copy of the invocation's attachments. */
    public ZkRpcClientContext(Invocation invocation) {
        super(Map::put);
        this.invocation = invocation;
        setCarrier(new HashMap<>(invocation.attachments()));
    }

    /** The call as the filters passed it on, before anything was attached. */
    public Invocation getInvocation() {
        return invocation;
    }

    /** The instance that answered, or that the last attempt went to; {@code null} when none was tried. */
    public Instance getInstance() {
        return instance;
    }

    /** The attempts made so far: 1 for a call answered at once, more with retries or forks, 0 when no instance was tried. */
    public int getAttempts() {
        return attempts;
    }

    /** Records an attempt on {@code instance}; called by zkrpc. */
    public void attempted(Instance instance) {
        synchronized (this) {
            this.instance = instance;
            this.attempts = attempts + 1;
        }
    }
}
