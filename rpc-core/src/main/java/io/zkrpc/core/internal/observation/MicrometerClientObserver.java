package io.zkrpc.core.internal.observation;

import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.support.Futures;
import io.zkrpc.core.observation.DefaultZkRpcClientObservationConvention;
import io.zkrpc.core.observation.ZkRpcClientContext;
import io.zkrpc.core.observation.ZkRpcClientObservationConvention;
import io.zkrpc.core.observation.ZkRpcObservationDocumentation;
import io.zkrpc.core.registry.Instance;

/** A {@code zkrpc.client.requests} observation per call; loaded only when a client is given an {@link ObservationRegistry}. */
public final class MicrometerClientObserver implements ClientCallObserver {

    private static final DefaultZkRpcClientObservationConvention DEFAULT = new DefaultZkRpcClientObservationConvention();

    private final ObservationRegistry registry;
    private final ZkRpcClientObservationConvention convention;

    /** @param convention the convention replacing the default one, or {@code null} */
    public MicrometerClientObserver(ObservationRegistry registry, ZkRpcClientObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public ClientCall start(Invocation invocation) {
        ZkRpcClientContext context = new ZkRpcClientContext(invocation);
        CallAttempts attempts = context.getRequired(CallAttempts.class);
        Observation observation = ZkRpcObservationDocumentation.CLIENT.observation(convention, DEFAULT, () -> context, registry).start();
        // A tracer's propagator wrote the trace context into the carrier on start: those are the attachments sent.
        Map<String, String> carrier = context.getCarrier();
        Invocation sent = carrier.equals(invocation.attachments())
                ? invocation
                : new Invocation(invocation.service(), invocation.method(), invocation.arguments(), carrier);
        return new ClientCall() {
            @Override
            public Invocation invocation() {
                return sent;
            }

            @Override
            public void attempt(Instance instance) {
                attempts.attempted(instance);
            }

            @Override
            public void answered(Instance instance) {
                attempts.answered(instance);
            }

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
