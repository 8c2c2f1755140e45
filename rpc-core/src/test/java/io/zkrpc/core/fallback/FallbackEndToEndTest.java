package io.zkrpc.core.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cache.CacheSettings;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.consumer.ReferenceConfig;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.consumer.RpcClientListener;
import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;
import io.zkrpc.core.testsupport.Dto;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.ProbeCluster;
import io.zkrpc.core.testsupport.ProbeException;
import io.zkrpc.core.testsupport.ProbeProvider;

/** Fallback, forced mock and stale-if-error, over real HTTP on 127.0.0.1 against providers that stop, crash or hang. */
class FallbackEndToEndTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final ProbeCluster cluster = new ProbeCluster();
    private final List<RpcClient> clients = new ArrayList<>();
    private final ProbeFallback fallback = new ProbeFallback();
    private final Map<String, AtomicInteger> reported = new ConcurrentHashMap<>();
    private RpcClient client;

    @AfterEach
    void closeEverything() {
        cluster.close();
        clients.forEach(RpcClient::close);
    }

    @Test
    void aStaleResultAnswersWhileEveryProviderIsDownUntilItIsOlderThanItsAge() {
        List<ProbeProvider> providers = cluster.start(2);
        Probe probe = probe(base().withStaleIfError(Map.of("list", Duration.ofSeconds(2))));
        long start = System.nanoTime();
        List<Dto> fresh = probe.list(2);
        assertThat(RpcContext.current().isStale()).isFalse();

        providers.forEach(provider -> provider.server().kill());
        List<Dto> stale = probe.list(2);

        assertThat(stale).isEqualTo(fresh);
        assertThat(RpcContext.current().isStale()).as("the caller is told").isTrue();
        assertThat(reported).containsKey("stale list(int) " + RpcErrorCode.CONNECT_FAILED);
        assertThatThrownBy(() -> probe.list(3)).as("no result of equal arguments").isInstanceOf(RpcException.class);
        assertThat(RpcContext.current().isStale()).as("reset by the next call").isFalse();

        Awaitility.await("the stale result is older than its age").atMost(AWAIT).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThatThrownBy(() -> probe.list(2)).isInstanceOf(RpcException.class));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered stale for its whole age").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aStaleResultAnswersBeforeTheFallbackAndNoProviderIsOneOfTheFailuresItAnswers() {
        ProbeProvider provider = cluster.start();
        Probe probe = probe(base().withFallback(fallback, false).withStaleIfError(Map.of("list", Duration.ofMinutes(5))));
        List<Dto> fresh = probe.list(1);

        provider.server().close();
        Awaitility.await("the instance is gone").atMost(AWAIT).until(() -> client.instances(ProbeCluster.KEY).isEmpty());

        assertThat(probe.list(1)).isEqualTo(fresh);
        assertThat(RpcContext.current().isStale()).isTrue();
        assertThat(probe.list(7)).as("no stale result: the fallback").containsExactly(new Dto(0, "fallback"));
        assertThat(RpcContext.current().isStale()).isFalse();
        assertThat(fallback.answers("list")).isEqualTo(1);
        assertThat(reported).containsKeys("stale list(int) NO_PROVIDER", "fallback list(int) NO_PROVIDER");
    }

    @Test
    void theFallbackAnswersWhenNoProviderIsKnown() {
        Probe probe = probe(base().withFallback(fallback, false));

        assertThat(probe.read()).isEqualTo(ProbeFallback.ANSWER);
        assertThat(fallback.answers("read")).isEqualTo(1);
        assertThat(reported).containsOnlyKeys("fallback read() NO_PROVIDER");
    }

    @Test
    void theFallbackAnswersATimeoutOfAHungProviderAfterTheRetries() {
        ProbeProvider provider = cluster.start();
        provider.hang();
        Probe probe = probe(new ReferenceConfig<>(Probe.class, "", "", new PolicyOverrides(Duration.ofMillis(200), 0, null, null, null),
                Map.of()).withFallback(fallback, false));

        assertThat(probe.write()).isEqualTo(ProbeFallback.ANSWER);
        assertThat(provider.executions("write")).isEqualTo(1);
        assertThat(reported).containsOnlyKeys("fallback write() TIMEOUT");
    }

    @Test
    void theFallbackDoesNotAnswerASuccessfulCallNorTheServicesOwnException() throws Exception {
        ProbeProvider provider = cluster.start();
        provider.openGate();
        Probe probe = probe(base().withFallback(fallback, false));

        assertThat(probe.read()).isEqualTo(provider.port());
        assertThat(probe.listLater(1).get(10, TimeUnit.SECONDS)).containsExactly(new Dto(0, "from-" + provider.port()));
        assertThatThrownBy(() -> probe.failLater("own").get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ProbeException.class);

        assertThat(fallback.answers("read") + fallback.answers("listLater") + fallback.answers("failLater")).isZero();
        assertThat(reported).isEmpty();
    }

    @Test
    void anAsynchronousMethodIsAnsweredByTheFallbackAndByAStaleResult() throws Exception {
        ProbeProvider provider = cluster.start();
        provider.openGate();
        Probe probe = probe(base().withFallback(fallback, false).withStaleIfError(Map.of("listLater", Duration.ofMinutes(5))));
        List<Dto> fresh = probe.listLater(2).get(10, TimeUnit.SECONDS);

        provider.server().kill();
        assertThat(probe.listLater(2).get(10, TimeUnit.SECONDS)).isEqualTo(fresh);
        assertThat(probe.listLater(5).get(10, TimeUnit.SECONDS)).containsExactly(new Dto(0, "fallback"));
        assertThat(fallback.answers("listLater")).isEqualTo(1);
        assertThat(reported.keySet()).anyMatch(key -> key.startsWith("stale listLater(int)"))
                .anyMatch(key -> key.startsWith("fallback listLater(int)"));
    }

    @Test
    void theFallbacksOwnExceptionGoesToTheCaller() {
        Probe probe = probe(base().withFallback(fallback, false));

        assertThatThrownBy(() -> probe.slowToo(0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the fallback of slowToo fails too");
    }

    @Test
    void aResultCacheHitAnswersBeforeTheCallAndAFallbackAnswerIsNeverCached() {
        Probe probe = probe(new ReferenceConfig<>(Probe.class, "", "", PolicyOverrides.NONE, Map.of(),
                Map.of("list", new CacheSettings(Duration.ofMinutes(5), null)), fallback, false, Map.of()));
        probe.list(1);
        ProbeProvider provider = cluster.start();
        Awaitility.await("the instance is known").atMost(AWAIT).until(() -> !client.instances(ProbeCluster.KEY).isEmpty());

        assertThat(probe.list(1)).as("the fallback's answer was not cached").containsExactly(new Dto(0, "from-" + provider.port()));
        provider.server().close();
        Awaitility.await("the instance is gone").atMost(AWAIT).until(() -> client.instances(ProbeCluster.KEY).isEmpty());
        assertThat(probe.list(1)).as("a cache hit").containsExactly(new Dto(0, "from-" + provider.port()));
        assertThat(fallback.answers("list")).isEqualTo(1);
    }

    @Test
    void aForcedMockAnswersEveryCallFromTheFallbackWithoutTheRegistryOrAProvider() throws Exception {
        RpcClient mocked = RpcClient.builder().registry(new UnusableRegistry()).build();
        clients.add(mocked);

        Probe probe = mocked.reference(base().withFallback(fallback, true));

        RpcContext.current().setAttachment("tenant", "acme");
        assertThat(probe.read()).isEqualTo(ProbeFallback.ANSWER);
        assertThat(RpcContext.current().getAttachment("tenant")).as("taken by the call, as any call takes it").isNull();
        assertThat(probe.listLater(3).get(1, TimeUnit.SECONDS)).containsExactly(new Dto(0, "fallback"));
        assertThat(fallback.answers("read")).isEqualTo(1);
        assertThat(mocked.services()).as("not subscribed").isEmpty();
    }

    @Test
    void aForcedMockNeedsAFallbackAndAFallbackMustImplementTheInterface() {
        assertThatThrownBy(() -> base().withFallback(null, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A forced mock of " + Probe.class.getName() + " needs a fallback to answer its calls");
        @SuppressWarnings({"unchecked", "rawtypes"})
        ReferenceConfig<Object> raw = (ReferenceConfig) base();
        assertThatThrownBy(() -> raw.withFallback("not a probe", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The fallback java.lang.String does not implement " + Probe.class.getName());
        assertThatThrownBy(() -> clientFor().reference(base().withStaleIfError(Map.of("lst", Duration.ofMinutes(1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stale-if-error is set for " + Probe.class.getName() + ".lst, but the interface has no remote method of that name");
    }

    @Test
    void theFutureOfAnAsynchronousCallTellsThatAStaleResultAnsweredIt() throws Exception {
        ProbeProvider provider = cluster.start();
        provider.openGate();
        Probe probe = probe(base().withFallback(fallback, false).withStaleIfError(Map.of("listLater", Duration.ofMinutes(5))));
        CompletableFuture<List<Dto>> fresh = probe.listLater(2);
        List<Dto> freshValue = fresh.get(10, TimeUnit.SECONDS);
        assertThat(RpcContext.isStale(fresh)).isFalse();

        provider.server().kill();
        CompletableFuture<List<Dto>> stale = probe.listLater(2);
        CompletableFuture<Boolean> seenByAStage = stale.thenApply(value -> RpcContext.isStale(stale));
        CompletableFuture<List<Dto>> fromTheFallback = probe.listLater(5);

        assertThat(stale.get(10, TimeUnit.SECONDS)).isEqualTo(freshValue);
        assertThat(RpcContext.isStale(stale)).as("the caller is told, on its own thread").isTrue();
        assertThat(seenByAStage.get(10, TimeUnit.SECONDS)).as("and so is a stage of the future").isTrue();
        assertThat(RpcContext.isStale(seenByAStage)).as("a derived stage is no answer of a call").isFalse();
        assertThat(fromTheFallback.get(10, TimeUnit.SECONDS)).containsExactly(new Dto(0, "fallback"));
        assertThat(RpcContext.isStale(fromTheFallback)).isFalse();
        assertThat(RpcContext.current().isStale()).as("the thread's flag tells of blocking calls").isFalse();
    }

    @Test
    void aFallbackAnswerIsNotStaleWhenTheFallbackItselfWasAnsweredStale() {
        List<ProbeProvider> providers = cluster.start(1);
        RpcClient shared = clientFor();
        Probe inner = shared.reference(base().withStaleIfError(Map.of("list", Duration.ofMinutes(5))));
        // Forwards every call to inner: a fallback that makes a remote call of its own.
        Probe forwarding = (Probe) Proxy.newProxyInstance(Probe.class.getClassLoader(), new Class<?>[] {Probe.class},
                (proxy, method, args) -> method.invoke(inner, args));
        Probe outer = shared.reference(new ReferenceConfig<>(Probe.class, "elsewhere", "", PolicyOverrides.timeout(Duration.ofSeconds(10)),
                Map.of()).withFallback(forwarding, false));
        List<Dto> fresh = inner.list(2);
        providers.forEach(provider -> provider.server().kill());
        assertThat(inner.list(2)).isEqualTo(fresh);
        assertThat(RpcContext.current().isStale()).as("the inner call alone").isTrue();

        assertThat(outer.list(2)).as("no provider of that version: the fallback, answered stale").isEqualTo(fresh);

        assertThat(RpcContext.current().isStale()).as("the outer answer came from the fallback").isFalse();
        assertThat(reported).containsKeys("fallback list(int) NO_PROVIDER", "stale list(int) CONNECT_FAILED");
    }

    @Test
    void anAsynchronousAnswerFailsRatherThanHangWhenItsRecoveryThrowsAnError() {
        ProbeProvider provider = cluster.start();
        provider.openGate();
        Error broken = new Error("a listener broke");
        RpcClient failing = clientFor(builder -> builder.listener(new RpcClientListener() {
            @Override
            public void onStale(ServiceKey service, String method, RpcErrorCode reason) {
                throw broken;
            }
        }));
        Probe probe = failing.reference(base().withStaleIfError(Map.of("listLater", Duration.ofMinutes(5))));
        probe.listLater(2).join();

        provider.server().kill();
        CompletableFuture<List<Dto>> answer = probe.listLater(2);

        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCause(broken);
    }

    @Test
    void cancellingTheAnswerOfAMethodWithAFallbackCancelsTheCallsFutureAsItDoesWithout() {
        cluster.start();
        List<CompletableFuture<?>> sent = new CopyOnWriteArrayList<>();
        RpcClient watching = clientFor(builder -> builder.filter(chain -> {
            Object outcome = chain.proceed(chain.invocation());
            sent.add((CompletableFuture<?>) outcome);
            return outcome;
        }));
        Probe plain = watching.reference(base());
        Probe recovered = watching.reference(new ReferenceConfig<>(Probe.class, "", "", PolicyOverrides.timeout(Duration.ofSeconds(10)),
                Map.of()).withFallback(fallback, false));

        for (Probe probe : List.of(plain, recovered)) {
            sent.clear();
            CompletableFuture<List<Dto>> answer = probe.listLater(1); // the provider holds it until its gate opens
            assertThat(answer.cancel(true)).isTrue();
            assertThat(sent).singleElement().as("the future the filters saw").matches(CompletableFuture::isCancelled);
        }
        assertThat(fallback.answers("listLater")).as("a cancellation is no failure to answer").isZero();
    }

    private static ReferenceConfig<Probe> base() {
        return new ReferenceConfig<>(Probe.class, "", "", PolicyOverrides.timeout(Duration.ofSeconds(10)), Map.of());
    }

    private RpcClient clientFor() {
        return clientFor(builder -> builder);
    }

    private RpcClient clientFor(UnaryOperator<RpcClient.Builder> customizer) {
        client = customizer.apply(RpcClient.builder()).registry(cluster.registry()).listener(new RpcClientListener() {
            @Override
            public void onFallback(ServiceKey service, String method, RpcErrorCode reason) {
                reported.computeIfAbsent("fallback " + method + " " + reason, key -> new AtomicInteger()).incrementAndGet();
            }

            @Override
            public void onStale(ServiceKey service, String method, RpcErrorCode reason) {
                reported.computeIfAbsent("stale " + method + " " + reason, key -> new AtomicInteger()).incrementAndGet();
            }
        }).build();
        clients.add(client);
        return client;
    }

    private Probe probe(ReferenceConfig<Probe> config) {
        return clientFor().reference(config);
    }

    /** A registry that fails every use: a forced mock must not need one. */
    private static final class UnusableRegistry implements RegistryCenter {

        @Override
        public void start() {
            throw new AssertionError("start");
        }

        @Override
        public void stop() {
        }

        @Override
        public void register(ServiceKey service, Instance instance) {
            throw new AssertionError("register");
        }

        @Override
        public void unregister(ServiceKey service, Instance instance) {
            throw new AssertionError("unregister");
        }

        @Override
        public List<Instance> fetchAll(ServiceKey service) {
            throw new AssertionError("fetchAll " + service);
        }

        @Override
        public Subscription subscribe(ServiceKey service, ChangedListener listener) {
            throw new AssertionError("subscribe " + service);
        }
    }
}
