package io.zkrpc.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.consumer.ReferenceConfig;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.testsupport.Dto;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.ProbeCluster;
import io.zkrpc.core.testsupport.ProbeException;
import io.zkrpc.core.testsupport.ProbeProvider;

/** The per-method result cache, over real HTTP on 127.0.0.1 against a provider counting its executions. */
class ResultCacheEndToEndTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final ProbeCluster cluster = new ProbeCluster();
    private final List<RpcClient> clients = new ArrayList<>();
    private RpcClient client;

    @AfterEach
    void closeEverything() {
        cluster.close();
        clients.forEach(RpcClient::close);
    }

    @Test
    void anEqualCallIsAnsweredFromTheCacheAndDifferentArgumentsMiss() {
        ProbeProvider provider = cluster.start();
        Probe probe = probe(Map.of("list", new CacheSettings(Duration.ofMinutes(5), null)));

        List<Dto> first = probe.list(2);
        List<Dto> second = probe.list(2);

        assertThat(second).isEqualTo(first);
        assertThat(provider.executions("list")).isEqualTo(1);
        probe.list(3);
        assertThat(provider.executions("list")).isEqualTo(2);
        probe.slow(0);
        probe.slow(0);
        assertThat(provider.executions("slow")).as("an uncached method of the same service").isEqualTo(2);
        assertThat(client.caches()).containsOnlyKeys(ProbeCluster.KEY);
        assertThat(client.caches().get(ProbeCluster.KEY)).containsExactly(Map.entry("list(int)", new CacheStats(2, 1, 2)));
    }

    @Test
    void aResultExpiresAfterItsTtl() {
        ProbeProvider provider = cluster.start();
        Probe probe = probe(Map.of("list", new CacheSettings(Duration.ofMillis(300), null)));
        probe.list(1);
        probe.list(1);
        assertThat(provider.executions("list")).isEqualTo(1);

        Awaitility.await("the cached result expired").atMost(AWAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            probe.list(1);
            return provider.executions("list") == 2;
        });
    }

    @Test
    void theLeastRecentlyUsedResultIsEvictedBeyondMaxSize() {
        ProbeProvider provider = cluster.start();
        Probe probe = probe(Map.of("list", new CacheSettings(Duration.ofMinutes(5), 1)));

        probe.list(1);
        probe.list(2);
        probe.list(2);
        assertThat(provider.executions("list")).isEqualTo(2);
        probe.list(1);

        assertThat(provider.executions("list")).as("list(1) was evicted by list(2)").isEqualTo(3);
        assertThat(client.caches().get(ProbeCluster.KEY).get("list(int)").size()).isEqualTo(1);
    }

    @Test
    void anAsynchronousMethodCachesTheCompletedValueAndNeverAFailure() throws Exception {
        ProbeProvider provider = cluster.start();
        provider.openGate();
        Probe probe = probe(Map.of("listLater", new CacheSettings(Duration.ofMinutes(5), null),
                "failLater", new CacheSettings(Duration.ofMinutes(5), null)));

        List<Dto> first = probe.listLater(2).get(10, TimeUnit.SECONDS);
        Awaitility.await("the value is cached").atMost(AWAIT)
                .until(() -> client.caches().get(ProbeCluster.KEY).get("listLater(int)").size() == 1);
        CompletableFuture<List<Dto>> second = probe.listLater(2);

        assertThat(second).isCompletedWithValue(first);
        assertThat(provider.executions("listLater")).isEqualTo(1);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> probe.failLater("no").get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ProbeException.class);
        }
        assertThat(provider.executions("failLater")).as("the failure was not cached").isEqualTo(2);
    }

    @Test
    void theRpcMethodAnnotationDeclaresACacheAndTheConfigAddsOne() {
        clientFor().reference(new ReferenceConfig<>(Cached.class, "", "", PolicyOverrides.NONE, Map.of(),
                Map.of("slowToo", new CacheSettings(Duration.ofMinutes(5), null))));
        assertThat(client.caches().get(cachedKey())).containsOnlyKeys("list(int)", "slowToo(int)");
    }

    private io.zkrpc.core.registry.ServiceKey cachedKey() {
        return io.zkrpc.core.registry.ServiceKey.of(Cached.class, "", null);
    }

    /** A consumer's view of a service with a cache declared on a method. */
    interface Cached {

        @io.zkrpc.core.annotation.RpcMethod(cacheTtl = "1m", cacheMaxSize = 10)
        List<Dto> list(int n);

        int slowToo(int millis);

        int slow(int millis);
    }

    private RpcClient clientFor() {
        client = RpcClient.builder().registry(cluster.registry()).build();
        clients.add(client);
        return client;
    }

    private Probe probe(Map<String, CacheSettings> caches) {
        return clientFor().reference(new ReferenceConfig<>(Probe.class, "", "", PolicyOverrides.timeout(Duration.ofSeconds(10)), Map.of(), caches));
    }
}
