package io.zkrpc.spring.boot.observation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Brave's finished spans of every application of the test, in memory: what a Zipkin reporter would send. */
@Configuration(proxyBeanMethods = false)
public class CollectedSpans {

    /** A finished span and the application that reported it. */
    public record Finished(String app, MutableSpan span) {
    }

    private static final List<Finished> spans = new CopyOnWriteArrayList<>();

    public static List<Finished> spans() {
        return List.copyOf(spans);
    }

    public static void clear() {
        spans.clear();
    }

    @Bean
    SpanHandler collectingSpanHandler(Environment environment) {
        String app = environment.getRequiredProperty("spring.application.name");
        return new SpanHandler() {
            @Override
            public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                spans.add(new Finished(app, span));
                return true;
            }
        };
    }
}
