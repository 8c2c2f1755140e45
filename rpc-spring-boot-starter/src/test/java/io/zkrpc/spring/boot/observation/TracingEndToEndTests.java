package io.zkrpc.spring.boot.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import brave.Span;
import brave.handler.MutableSpan;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.observation.CollectedSpans.Finished;
import io.zkrpc.spring.boot.observation.a.ProviderAApplication;
import io.zkrpc.spring.boot.observation.api.AbsentService;
import io.zkrpc.spring.boot.observation.api.GreetingService;
import io.zkrpc.spring.boot.observation.api.NameService;
import io.zkrpc.spring.boot.observation.api.UnknownNameException;
import io.zkrpc.spring.boot.observation.b.ProviderBApplication;
import io.zkrpc.spring.boot.observation.consumer.ConsumerApplication;

/**
 * consumer → provider A → provider B, three Spring Boot applications with the starter, Micrometer
 * Tracing on Brave (Boot's own auto-configuration) and Boot's metrics, on 127.0.0.1 and a real
 * ZooKeeper: one request is one trace of correctly parented spans, the trace id is in the MDC of
 * every hop, each side has its timer, and the access log has a line per call on each side.
 */
class TracingEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GREET = GreetingService.class.getName() + "/greet";
    private static final String FULL_NAME = NameService.class.getName() + "/fullName";

    private static EmbeddedZooKeeper zooKeeper;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private static ConfigurableApplicationContext consumer;
    private static ConfigurableApplicationContext providerA;
    private static ConfigurableApplicationContext providerB;
    private static ConsumerApplication.Callers callers;
    private static final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
        providerB = run(ProviderBApplication.class, "provider-b", WebApplicationType.SERVLET);
        providerA = run(ProviderAApplication.class, "provider-a", WebApplicationType.SERVLET);
        consumer = run(ConsumerApplication.class, "consumer", WebApplicationType.NONE);
        callers = consumer.getBean(ConsumerApplication.Callers.class);
        await("the consumer to see provider A").atMost(WAIT)
                .until(() -> !consumer.getBean(RpcClient.class).instances(key(GreetingService.class)).isEmpty());
        await("provider A to see provider B").atMost(WAIT)
                .until(() -> !providerA.getBean(RpcClient.class).instances(key(NameService.class)).isEmpty());
        Logger logger = (Logger) LoggerFactory.getLogger("io.zkrpc.access");
        accessLog.start();
        logger.addAppender(accessLog);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger("io.zkrpc.access")).detachAppender(accessLog);
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    private static ConfigurableApplicationContext run(Class<?> application, String name, WebApplicationType type) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application, CollectedSpans.class)
                .web(type)
                .properties("spring.application.name=" + name,
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "zkrpc.provider.host=127.0.0.1",
                        "zkrpc.provider.unregister-delay=0ms",
                        "zkrpc.registry.address=" + zooKeeper.connectString(),
                        "zkrpc.access-log.enabled=true",
                        "management.tracing.sampling.probability=1.0")
                .run();
        contexts.add(context);
        return context;
    }

    private static ServiceKey key(Class<?> type) {
        return ServiceKey.of(type, "", "default");
    }

    private static int port(ConfigurableApplicationContext provider) {
        return provider.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @BeforeEach
    void clear() {
        CollectedSpans.clear();
        TraceIds.clear();
        accessLog.list.clear();
    }

    @Test
    void oneRequestThroughTwoProvidersIsOneTraceOfParentedSpansWithTheTraceIdInEveryMdc() {
        ObservationRegistry registry = consumer.getBean(ObservationRegistry.class);
        String[] consumerTraceId = new String[1];

        // The consumer's own request (in an application, its HTTP server's observation): the root of the trace.
        String greeting = Observation.createNotStarted("test.request", registry).observe(() -> {
            consumerTraceId[0] = MDC.get("traceId");
            return callers.greetings().greet("Ann");
        });

        assertThat(greeting).isEqualTo("Hello, Ann Smith");
        MutableSpan root = span("consumer", "test.request", null);
        MutableSpan consumerClient = span("consumer", GREET, Span.Kind.CLIENT);
        MutableSpan aServer = span("provider-a", GREET, Span.Kind.SERVER);
        MutableSpan aClient = span("provider-a", FULL_NAME, Span.Kind.CLIENT);
        MutableSpan bServer = span("provider-b", FULL_NAME, Span.Kind.SERVER);

        String traceId = root.traceId();
        assertThat(CollectedSpans.spans()).as("every span of every application").extracting(Finished::span)
                .allSatisfy(span -> assertThat(span.traceId()).as(span.name()).isEqualTo(traceId));
        assertThat(consumerClient.parentId()).isEqualTo(root.id());
        assertThat(aServer.parentId()).as("A's server span is a child of the consumer's client span").isEqualTo(consumerClient.id());
        assertThat(aClient.parentId()).as("A's call to B is a child of A's server span").isEqualTo(aServer.id());
        assertThat(bServer.parentId()).as("B's server span is a child of A's client span").isEqualTo(aClient.id());

        assertThat(consumerTraceId[0]).isEqualTo(traceId);
        assertThat(TraceIds.seen()).filteredOn(seen -> !seen.startsWith("provider-a-after/"))
                .containsExactly("provider-a=" + traceId, "provider-b=" + traceId);

        assertThat(consumerClient.tags()).containsAllEntriesOf(Map.of(
                "rpc.system", "zkrpc",
                "rpc.service", GreetingService.class.getName(),
                "rpc.method", "greet",
                "outcome", "SUCCESS",
                "error.code", "none",
                "server.address", "127.0.0.1:" + port(providerA)));
        assertThat(aClient.tags()).containsEntry("rpc.service", NameService.class.getName())
                .containsEntry("server.address", "127.0.0.1:" + port(providerB));
        assertThat(bServer.tags()).containsAllEntriesOf(Map.of(
                "rpc.system", "zkrpc",
                "rpc.service", NameService.class.getName(),
                "rpc.method", "fullName",
                "outcome", "SUCCESS",
                "error.code", "none",
                "client.address", "127.0.0.1"));
    }

    @Test
    void nothingOfACallStaysCurrentOnTheCallersThreadNorOnTheProvidersPooledThread() {
        ObservationRegistry registry = consumer.getBean(ObservationRegistry.class);

        Observation.createNotStarted("test.request", registry).observe(() -> callers.greetings().greet("Cy"));
        callers.greetings().greet("Di");

        assertThat(MDC.get("traceId")).isNull();
        assertThat(registry.getCurrentObservation()).isNull();
        // Recorded by provider A's innermost servlet filter once each call's servlet returned, on Tomcat's pooled thread: no observation, no trace id in the MDC.
        await("both calls' servlets to return").atMost(WAIT)
                .until(() -> TraceIds.seen().stream().filter(seen -> seen.startsWith("provider-a-after/")).count() == 2);
        assertThat(TraceIds.seen()).filteredOn(seen -> seen.startsWith("provider-a-after/"))
                .containsExactly("provider-a-after/none=null", "provider-a-after/none=null");
        // The second call, made with nothing current, is a trace of its own: nothing of the first was left on a thread.
        assertThat(CollectedSpans.spans().stream().map(finished -> finished.span().traceId()).distinct()).hasSize(2);
    }

    @Test
    void eachSideTimesItsCallsTaggedWithTheirOutcome() {
        MeterRegistry consumerMeters = consumer.getBean(MeterRegistry.class);
        MeterRegistry aMeters = providerA.getBean(MeterRegistry.class);
        MeterRegistry bMeters = providerB.getBean(MeterRegistry.class);
        List<Counted> expected = List.of(
                new Counted(consumerMeters, "zkrpc.client.requests", GreetingService.class, "SUCCESS", "none"),
                new Counted(consumerMeters, "zkrpc.client.requests", GreetingService.class, "SERVICE_EXCEPTION", "UnknownNameException"),
                new Counted(consumerMeters, "zkrpc.client.requests", AbsentService.class, "RPC_ERROR", "NO_PROVIDER"),
                new Counted(aMeters, "zkrpc.server.requests", GreetingService.class, "SUCCESS", "none"),
                new Counted(aMeters, "zkrpc.server.requests", GreetingService.class, "SERVICE_EXCEPTION", "UnknownNameException"),
                new Counted(aMeters, "zkrpc.client.requests", NameService.class, "SUCCESS", "none"),
                new Counted(aMeters, "zkrpc.client.requests", NameService.class, "SERVICE_EXCEPTION", "UnknownNameException"),
                new Counted(bMeters, "zkrpc.server.requests", NameService.class, "SUCCESS", "none"),
                new Counted(bMeters, "zkrpc.server.requests", NameService.class, "SERVICE_EXCEPTION", "UnknownNameException"));
        List<Long> before = expected.stream().map(Counted::count).toList();

        callers.greetings().greet("Bea");
        assertThatThrownBy(() -> callers.greetings().greet("")).isExactlyInstanceOf(UnknownNameException.class);
        assertThatThrownBy(() -> callers.absent().anything()).isInstanceOf(RpcException.class);

        for (int i = 0; i < expected.size(); i++) {
            assertThat(expected.get(i).count() - before.get(i)).as("calls timed by %s", expected.get(i)).isEqualTo(1);
        }
        Timer noProvider = consumerMeters.get("zkrpc.client.requests").tags("rpc.service", AbsentService.class.getName()).timer();
        assertThat(noProvider.getId().getTags()).extracting(tag -> tag.getKey())
                .contains("rpc.system", "rpc.service", "rpc.method", "outcome", "error.code")
                .doesNotContain("server.address");
    }

    /** The timer of one side's calls of one service with one outcome. */
    private record Counted(MeterRegistry meters, String name, Class<?> service, String outcome, String errorCode) {

        long count() {
            Timer timer = meters.find(name).tags("rpc.system", "zkrpc", "rpc.service", service.getName(), "outcome", outcome,
                    "error.code", errorCode).timer();
            return timer == null ? 0 : timer.count();
        }

        @Override
        public String toString() {
            return name + " " + service.getSimpleName() + " " + outcome + "/" + errorCode;
        }
    }

    @Test
    void theAccessLogHasALinePerCallOnEachSideWithKeyValues() {
        callers.greetings().greet("Cy");

        List<ILoggingEvent> lines = accessLog.list;
        ILoggingEvent consumerLine = line(lines, event -> event.getFormattedMessage().startsWith("zkrpc.client " + GREET));
        assertThat(consumerLine.getFormattedMessage())
                .matches("zkrpc\\.client \\S+/greet to 127\\.0\\.0\\.1:" + port(providerA) + ": SUCCESS in \\d+ ms, 1 attempt\\(s\\)");
        assertThat(keyValues(consumerLine)).containsAllEntriesOf(Map.of("side", "client", "service", GreetingService.class.getName(),
                "method", "greet", "instance", "127.0.0.1:" + port(providerA), "outcome", "SUCCESS", "attempts", "1"))
                .containsKey("durationMs");
        ILoggingEvent aLine = line(lines, event -> event.getFormattedMessage().startsWith("zkrpc.server " + GREET));
        assertThat(aLine.getFormattedMessage()).matches("zkrpc\\.server \\S+/greet from 127\\.0\\.0\\.1: SUCCESS in \\d+ ms");
        assertThat(keyValues(aLine)).containsAllEntriesOf(Map.of("side", "server", "caller", "127.0.0.1", "outcome", "SUCCESS"));
        line(lines, event -> event.getFormattedMessage().startsWith("zkrpc.client " + FULL_NAME));
        line(lines, event -> event.getFormattedMessage().startsWith("zkrpc.server " + FULL_NAME));
        assertThat(lines).hasSize(4).allSatisfy(event -> assertThat(event.getLevel().toString()).isEqualTo("INFO"));
    }

    private static ILoggingEvent line(List<ILoggingEvent> lines, Predicate<ILoggingEvent> which) {
        return List.copyOf(lines).stream().filter(which).findFirst()
                .orElseThrow(() -> new AssertionError("No such access-log line among " + lines.stream().map(ILoggingEvent::getFormattedMessage).toList()));
    }

    private static Map<String, String> keyValues(ILoggingEvent event) {
        Map<String, String> values = new java.util.HashMap<>();
        for (KeyValuePair pair : event.getKeyValuePairs()) {
            values.put(pair.key, String.valueOf(pair.value));
        }
        return values;
    }

    /** The one finished span of {@code app} with that name and kind, waiting for it to be reported. */
    private static MutableSpan span(String app, String name, Span.Kind kind) {
        await("the span " + name + " of " + app).atMost(WAIT).until(() -> find(app, name, kind).size() == 1);
        return find(app, name, kind).get(0);
    }

    private static List<MutableSpan> find(String app, String name, Span.Kind kind) {
        return CollectedSpans.spans().stream()
                .filter(finished -> finished.app().equals(app))
                .map(Finished::span)
                .filter(span -> name.equals(span.name()) && span.kind() == kind)
                .toList();
    }
}
