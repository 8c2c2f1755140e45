package io.zkrpc.benchmark.observation;

import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.handler.TracingAwareMeterObservationHandler;

import brave.Tracing;
import brave.context.slf4j.MDCScopeDecorator;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;

/**
 * Metrics and tracing for the target {@code zkrpc-observed}, wired by hand as Spring Boot wires them
 * with the actuator and Brave: an {@link ObservationRegistry} whose observations become timers on a
 * {@link SimpleMeterRegistry} and spans of Micrometer Tracing's Brave bridge (W3C propagation, the
 * trace id in the MDC, every call sampled). Finished spans go to a handler that counts them (no
 * exporter: reporting to Zipkin is batched off the call path, and would measure the network to it).
 */
public final class BenchObservations implements AutoCloseable {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LongAdder spans = new LongAdder();
    private volatile MutableSpan lastSpan;
    private final Tracing tracing;
    private final ObservationRegistry registry = ObservationRegistry.create();

    /**
     * @param serviceName the local service name of the spans
     * @param predicate which observations are made (others cost a denied check), or {@code null} for all
     */
    public BenchObservations(String serviceName, ObservationPredicate predicate) {
        this(serviceName, predicate, 1.0f, true);
    }

    /**
     * @param serviceName the local service name of the spans
     * @param predicate which observations are made (others cost a denied check), or {@code null} for all
     * @param sampling the share of new traces recorded, from 0 to 1 (a call that continues a trace follows its caller's decision)
     * @param longTaskTimer whether each observation also keeps the {@code .active} long-task timer (Spring Boot
     *        does unless {@code management.observations.long-task-timer.enabled=false})
     */
    public BenchObservations(String serviceName, ObservationPredicate predicate, float sampling, boolean longTaskTimer) {
        tracing = Tracing.newBuilder()
                .localServiceName(serviceName)
                .sampler(sampling >= 1.0f ? Sampler.ALWAYS_SAMPLE : Sampler.create(sampling))
                .propagationFactory(new W3CPropagation())
                .currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder()
                        .addScopeDecorator(MDCScopeDecorator.newBuilder().build())
                        .build())
                .addSpanHandler(new SpanHandler() {
                    @Override
                    public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                        spans.increment();
                        lastSpan = span;
                        return true;
                    }
                })
                .build();
        BraveTracer tracer = new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
                new BraveBaggageManager());
        BravePropagator propagator = new BravePropagator(tracing);
        // Boot's grouping: the first matching tracing handler, then the timers (with exemplars from the span).
        registry.observationConfig()
                .observationHandler(new FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                        new DefaultTracingObservationHandler(tracer)))
                .observationHandler(new TracingAwareMeterObservationHandler<>((longTaskTimer ? new DefaultMeterObservationHandler(meters)
                        : new DefaultMeterObservationHandler(meters, DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER)), tracer));
        if (predicate != null) {
            registry.observationConfig().observationPredicate(predicate);
        }
    }

    /** The registry to give zkrpc. */
    public ObservationRegistry registry() {
        return registry;
    }

    /** The timers and counters the observations made. */
    public SimpleMeterRegistry meters() {
        return meters;
    }

    /** How many spans have finished. */
    public long spans() {
        return spans.sum();
    }

    /** The span finished last, or {@code null}. */
    public MutableSpan lastSpan() {
        return lastSpan;
    }

    /** One line for the log: the spans finished and the count of each {@code zkrpc.*} timer. */
    public String summary() {
        StringBuilder line = new StringBuilder("observations: ").append(spans()).append(" spans finished");
        for (Timer timer : meters.find("zkrpc.client.requests").timers()) {
            line.append(", zkrpc.client.requests ").append(timer.getId().getTag("rpc.service")).append(' ')
                    .append(timer.getId().getTag("rpc.method")).append(" count=").append(timer.count());
        }
        for (Timer timer : meters.find("zkrpc.server.requests").timers()) {
            line.append(", zkrpc.server.requests ").append(timer.getId().getTag("rpc.service")).append(' ')
                    .append(timer.getId().getTag("rpc.method")).append(" count=").append(timer.count());
        }
        return line.toString();
    }

    @Override
    public void close() {
        tracing.close();
        meters.close();
    }
}
