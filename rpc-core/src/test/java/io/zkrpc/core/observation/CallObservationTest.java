package io.zkrpc.core.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.LoadBalancer;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.consumer.ReferenceConfig;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.cluster.ClusterStrategy;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.ProbeCluster;
import io.zkrpc.core.testsupport.ProbeException;
import io.zkrpc.core.testsupport.ProbeProvider;

/** Observations of both sides of real calls over HTTP on 127.0.0.1, recorded by a handler of the registry. */
class CallObservationTest {

    private final ProbeCluster cluster = new ProbeCluster();
    private final ObservationRegistry registry = ObservationRegistry.create();
    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    /** What a provider filter saw: the observation current while the bean runs, and the attachment a tracer would read. */
    private final List<String> seenByBean = new CopyOnWriteArrayList<>();
    private RpcClient client;

    CallObservationTest() {
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                // What a tracer's propagating handlers do: inject into the sender's carrier, read the receiver's.
                if (context instanceof SenderContext<?> sender) {
                    @SuppressWarnings("unchecked")
                    SenderContext<Object> typed = (SenderContext<Object>) sender;
                    typed.getSetter().set(typed.getCarrier(), "test-trace", "trace-of-" + context.getName());
                }
                if (context instanceof ReceiverContext<?> receiver) {
                    @SuppressWarnings("unchecked")
                    ReceiverContext<Object> typed = (ReceiverContext<Object>) receiver;
                    context.put("extracted", String.valueOf(typed.getGetter().get(typed.getCarrier(), "test-trace")));
                }
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        cluster.close();
    }

    private ProbeProvider provider() {
        return cluster.start(builder -> builder.observationRegistry(registry).filter(chain -> {
            Observation current = registry.getCurrentObservation();
            seenByBean.add(current == null ? "none" : current.getContext().getName() + " " + current.getContext().get("extracted"));
            return chain.proceed(chain.invocation());
        }));
    }

    private Probe probe(Duration timeout) {
        client = RpcClient.builder().registry(cluster.registry()).observationRegistry(registry).timeout(timeout).build();
        return client.reference(ReferenceConfig.of(Probe.class));
    }

    private List<Observation.Context> named(String name) {
        return stopped.stream().filter(context -> context.getName().equals(name)).toList();
    }

    private static Map<String, String> keys(Iterable<KeyValue> values) {
        return java.util.stream.StreamSupport.stream(values.spliterator(), false)
                .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    @Test
    void aSuccessfulCallIsOneClientAndOneServerObservationWithTheirKeys() {
        ProbeProvider provider = provider();
        Probe probe = probe(Duration.ofSeconds(5));

        probe.list(2);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> named("zkrpc.server.requests").size() == 1);
        Observation.Context clientSide = named("zkrpc.client.requests").get(0);
        assertThat(clientSide.getContextualName()).isEqualTo("io.zkrpc.core.testsupport.Probe/list");
        assertThat(keys(clientSide.getLowCardinalityKeyValues())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "rpc.system", "zkrpc", "rpc.service", Probe.class.getName(), "rpc.method", "list",
                "outcome", "SUCCESS", "error.code", "none"));
        assertThat(keys(clientSide.getHighCardinalityKeyValues())).containsEntry("server.address", provider.address());
        assertThat(((ZkRpcClientContext) clientSide).getAttempts()).isEqualTo(1);

        Observation.Context serverSide = named("zkrpc.server.requests").get(0);
        assertThat(serverSide.getContextualName()).isEqualTo("io.zkrpc.core.testsupport.Probe/list");
        assertThat(keys(serverSide.getLowCardinalityKeyValues())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "rpc.system", "zkrpc", "rpc.service", Probe.class.getName(), "rpc.method", "list",
                "outcome", "SUCCESS", "error.code", "none"));
        assertThat(keys(serverSide.getHighCardinalityKeyValues())).containsEntry("client.address", "127.0.0.1");
        // The server observation is current while the bean runs, and received what the client's carrier held.
        assertThat(seenByBean).containsExactly("zkrpc.server.requests trace-of-zkrpc.client.requests");
    }

    @Test
    void aCallIsOneObservationAcrossItsRetriesNamingTheInstanceThatAnswered() {
        ProbeProvider dead = provider();
        ProbeProvider live = provider();
        dead.server().kill();
        Probe probe = probe(Duration.ofSeconds(5));

        for (int i = 0; i < 2; i++) {
            probe.read();
        }

        List<Observation.Context> calls = named("zkrpc.client.requests");
        assertThat(calls).hasSize(2);
        ZkRpcClientContext retried = calls.stream().map(ZkRpcClientContext.class::cast)
                .filter(context -> context.getAttempts() == 2).findFirst().orElseThrow();
        assertThat(retried.getInstance()).isEqualTo(live.instance());
        assertThat(keys(retried.getLowCardinalityKeyValues())).containsEntry("outcome", "SUCCESS");
        assertThat(keys(retried.getHighCardinalityKeyValues())).containsEntry("server.address", live.address());
    }

    @Test
    void aServiceExceptionOfAnAsynchronousMethodIsRecordedWhenItsFutureCompletes() {
        provider();
        Probe probe = probe(Duration.ofSeconds(5));

        CompletableFuture<String> future = probe.failLater("nothing today");

        assertThatThrownBy(future::join).hasCauseInstanceOf(ProbeException.class);
        // Stopped before the caller saw the outcome.
        Observation.Context clientSide = named("zkrpc.client.requests").get(0);
        assertThat(keys(clientSide.getLowCardinalityKeyValues())).containsEntry("outcome", "SERVICE_EXCEPTION")
                .containsEntry("error.code", "ProbeException");
        assertThat(clientSide.getError()).isInstanceOf(ProbeException.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> named("zkrpc.server.requests").size() == 1);
        assertThat(keys(named("zkrpc.server.requests").get(0).getLowCardinalityKeyValues()))
                .containsEntry("outcome", "SERVICE_EXCEPTION").containsEntry("error.code", "ProbeException");
    }

    @Test
    void aCallWithNoInstanceIsAnRpcErrorNamingItsCode() {
        Probe probe = probe(Duration.ofSeconds(5));

        assertThatThrownBy(probe::read).isInstanceOf(RpcException.class);

        Observation.Context clientSide = named("zkrpc.client.requests").get(0);
        assertThat(keys(clientSide.getLowCardinalityKeyValues())).containsEntry("outcome", "RPC_ERROR")
                .containsEntry("error.code", "NO_PROVIDER");
        assertThat(keys(clientSide.getHighCardinalityKeyValues())).containsEntry("server.address", "none");
    }

    @Test
    void aConventionReplacesTheDefaultNames() {
        provider();
        client = RpcClient.builder().registry(cluster.registry()).observationRegistry(registry)
                .observationConvention(new DefaultZkRpcClientObservationConvention() {
                    @Override
                    public String getName() {
                        return "my.calls";
                    }
                }).build();

        client.reference(ReferenceConfig.of(Probe.class)).read();

        assertThat(named("my.calls")).hasSize(1);
        assertThat(named("zkrpc.client.requests")).isEmpty();
    }

    @Test
    void aFailedFailsafeCallIsRecordedWithTheFailureItSwallowedThoughTheCallerGetsTheEmptyValue() {
        provider().server().kill();
        client = RpcClient.builder().registry(cluster.registry()).observationRegistry(registry).build();
        Probe probe = client.reference(new ReferenceConfig<>(Probe.class, "", "",
                new PolicyOverrides(null, null, null, ClusterStrategy.FAILSAFE, null), Map.of()));

        assertThat(probe.list(2)).isEmpty();

        Observation.Context clientSide = named("zkrpc.client.requests").get(0);
        assertThat(keys(clientSide.getLowCardinalityKeyValues())).containsEntry("outcome", "RPC_ERROR")
                .containsEntry("error.code", "CONNECT_FAILED");
        assertThat(clientSide.getError()).isInstanceOf(RpcException.class);
    }

    @Test
    void aForkedCallNamesTheInstanceThatAnsweredNotTheLastOneSent() {
        ProbeProvider answering = provider();
        ProbeProvider hung = provider();
        hung.hang();
        // The answering instance first, so that the hung one is the last fork sent.
        LoadBalancer answeringFirst = new LoadBalancer() {
            @Override
            public Instance select(List<Instance> instances, Invocation invocation) {
                return instances.contains(answering.instance()) ? answering.instance() : instances.get(0);
            }

            @Override
            public Instance selectAnother(List<Instance> remaining, Invocation invocation) {
                return remaining.get(0);
            }
        };
        client = RpcClient.builder().registry(cluster.registry()).observationRegistry(registry)
                .loadBalancer("answering-first", answeringFirst).defaultLoadBalancer("answering-first").build();
        Probe probe = client.reference(new ReferenceConfig<>(Probe.class, "", "",
                new PolicyOverrides(Duration.ofSeconds(5), 0, null, ClusterStrategy.FORKING, 2), Map.of()));

        assertThat(probe.read()).isEqualTo(answering.port());

        ZkRpcClientContext clientSide = (ZkRpcClientContext) named("zkrpc.client.requests").get(0);
        assertThat(clientSide.getAttempts()).isEqualTo(2);
        assertThat(keys(clientSide.getHighCardinalityKeyValues())).containsEntry("server.address", answering.address());
        hung.recover();
    }

    @Test
    void anErrorThrownByARouterStopsTheObservationAndReachesTheCaller() {
        provider();
        client = RpcClient.builder().registry(cluster.registry()).observationRegistry(registry).router((instances, invocation) -> {
            throw new RouterBroke();
        }).build();
        Probe probe = client.reference(ReferenceConfig.of(Probe.class));

        assertThatThrownBy(probe::read).isInstanceOf(RouterBroke.class);

        Observation.Context clientSide = named("zkrpc.client.requests").get(0);
        assertThat(clientSide.getError()).isInstanceOf(RouterBroke.class);
        assertThat(registry.getCurrentObservation()).isNull();
    }

    @Test
    void anAsynchronousCallThatTimesOutIsATimeoutOnBothSides() {
        provider();
        Probe probe = probe(Duration.ofMillis(300));

        CompletableFuture<List<io.zkrpc.core.testsupport.Dto>> future = probe.listLater(1);

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RpcException.class);
        assertThat(keys(named("zkrpc.client.requests").get(0).getLowCardinalityKeyValues())).containsEntry("outcome", "RPC_ERROR")
                .containsEntry("error.code", "TIMEOUT");
        // The provider answers TIMEOUT once the caller's deadline has passed, rather than hold the request.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> named("zkrpc.server.requests").size() == 1);
        assertThat(keys(named("zkrpc.server.requests").get(0).getLowCardinalityKeyValues())).containsEntry("outcome", "RPC_ERROR")
                .containsEntry("error.code", "TIMEOUT");
    }

    @Test
    void noObservationStaysCurrentOnTheCallersThreadNorOnTheProvidersPooledThreadAfterACall() {
        // One provider thread: the second call runs where the first ran.
        cluster.start(builder -> builder.observationRegistry(registry).threads(1));
        Probe probe = probe(Duration.ofSeconds(5));

        probe.read();
        assertThat(registry.getCurrentObservation()).isNull();
        assertThatThrownBy(() -> probe.failLater("not today").join()).hasCauseInstanceOf(ProbeException.class);
        probe.read();

        assertThat(registry.getCurrentObservation()).isNull();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> named("zkrpc.server.requests").size() == 3);
        // An observation left current on the pooled thread would have been the parent of the next call's.
        assertThat(named("zkrpc.server.requests")).allSatisfy(context -> assertThat(context.getParentObservation()).isNull());
        assertThat(named("zkrpc.client.requests")).allSatisfy(context -> assertThat(context.getParentObservation()).isNull());
    }

    /** What a broken router throws: an {@code Error}, not an exception. */
    static final class RouterBroke extends Error {
        RouterBroke() {
            super("router broke");
        }
    }
}
