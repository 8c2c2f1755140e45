package io.zkrpc.core.internal.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.support.Futures;
import io.zkrpc.core.observation.DefaultZkRpcServerObservationConvention;
import io.zkrpc.core.observation.ZkRpcObservationDocumentation;
import io.zkrpc.core.observation.ZkRpcServerContext;
import io.zkrpc.core.observation.ZkRpcServerObservationConvention;

/** A {@code zkrpc.server.requests} observation per call served; loaded only when a provider is given an {@link ObservationRegistry}. */
public final class MicrometerServerObserver implements ServerCallObserver {

    private static final DefaultZkRpcServerObservationConvention DEFAULT = new DefaultZkRpcServerObservationConvention();

    private final ObservationRegistry registry;
    private final ZkRpcServerObservationConvention convention;

    /** @param convention the convention replacing the default one, or {@code null} */
    public MicrometerServerObserver(ObservationRegistry registry, ZkRpcServerObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public ServerCall start(Invocation invocation, String caller) {
        ZkRpcServerContext context = new ZkRpcServerContext(invocation, caller);
        // A tracer's propagator reads the caller's trace context from the attachments on start: the span is its child.
        Observation observation = ZkRpcObservationDocumentation.SERVER.observation(convention, DEFAULT, () -> context, registry).start();
        return new ServerCall() {
            @Override
            public Scope openScope() {
                Observation.Scope scope = observation.openScope();
                return scope::close;
            }

            @Override
            public void stop(Throwable failure) {
                if (failure != null) {
                    observation.error(Futures.unwrap(failure));
                }
                observation.stop();
            }
        };
    }
}
