package io.zkrpc.spring.boot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.registry.zk.ZkRegistryCenter;
import io.zkrpc.spring.boot.actuate.ZkRpcStatus;
import io.zkrpc.spring.boot.e2e.api.CatalogService;
import io.zkrpc.spring.boot.e2e.api.PingService;
import io.zkrpc.spring.boot.e2e.consumer.CatalogClient;
import io.zkrpc.spring.boot.e2e.consumer.TestConsumerApplication;
import io.zkrpc.spring.boot.e2e.provider.CatalogServiceImpl;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;

/**
 * The {@code zkrpc} Actuator endpoint over HTTP on 127.0.0.1, with two providers and a consumer
 * calling in a loop, on a real ZooKeeper: {@code offline} makes the consumer stop calling the
 * instance without a failed call, and keeps it out across a new ZooKeeper session; {@code online}
 * brings it back; health and readiness say OUT_OF_SERVICE meanwhile. The write operation takes a
 * JSON body only, and exists only with {@code management.endpoint.zkrpc.access=unrestricted}.
 */
class OperationsEndToEndTests {

    private static final ServiceKey CATALOG = ServiceKey.of(CatalogService.class, "", "default");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static EmbeddedZooKeeper zooKeeper;
    private static final List<ConfigurableApplicationContext> providers = new ArrayList<>();
    private static ConfigurableApplicationContext consumer;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
        for (int i = 0; i < 2; i++) {
            providers.add(new SpringApplicationBuilder(TestProviderApplication.class).properties(
                    "server.port=0", "server.address=127.0.0.1", "zkrpc.provider.host=127.0.0.1",
                    "zkrpc.provider.unregister-delay=0ms", "zkrpc.registry.address=" + zooKeeper.connectString(),
                    "management.endpoints.web.exposure.include=health,zkrpc", "management.endpoint.zkrpc.access=unrestricted",
                    "management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true").run());
        }
        consumer = new SpringApplicationBuilder(TestConsumerApplication.class).web(WebApplicationType.NONE)
                .properties("zkrpc.registry.address=" + zooKeeper.connectString()).run();
        await("the consumer to see both providers").atMost(WAIT)
                .until(() -> consumer.getBean(RpcClient.class).instances(CATALOG).size() == 2);
    }

    @AfterAll
    static void stop() {
        if (consumer != null) {
            consumer.close();
        }
        providers.forEach(ConfigurableApplicationContext::close);
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @Test
    void offlineStopsTheCallsToTheInstanceWithoutAFailureAndOnlineBringsThemBack() throws Exception {
        ConfigurableApplicationContext drained = providers.get(0);
        ConfigurableApplicationContext other = providers.get(1);
        CatalogService catalog = consumer.getBean(CatalogClient.class).catalog();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean calling = new AtomicBoolean(true);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        Future<?> loop = caller.submit(() -> {
            while (calling.get()) {
                try {
                    catalog.touch();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        });
        try {
            await("calls to reach both providers").atMost(WAIT).until(() -> touches(drained) > 0 && touches(other) > 0);
            assertThat(get(drained, "/actuator/health/readiness").statusCode()).isEqualTo(200);

            // What any web page can send across sites without a CORS preflight: refused.
            assertThat(post(drained, "/actuator/zkrpc", "application/x-www-form-urlencoded", "state=offline").statusCode())
                    .as("a form post").isEqualTo(415);
            assertThat(post(drained, "/actuator/zkrpc", "text/plain", "{\"state\":\"offline\"}").statusCode())
                    .as("a text post").isEqualTo(415);
            // The path below the endpoint names a service whose rules a JSON body writes: a form post is refused there too.
            assertThat(post(drained, "/actuator/zkrpc/offline", "application/x-www-form-urlencoded", "").statusCode())
                    .as("a form post to a path naming the state").isEqualTo(415);
            assertThat(get(drained, "/actuator/zkrpc").body()).contains("\"state\":\"online\"");

            HttpResponse<String> offline = post(drained, "offline");
            assertThat(offline.statusCode()).isEqualTo(200);
            assertThat(offline.body()).contains("\"state\":\"offline\"").contains("\"changed\":true");
            awaitQuiet(drained, other);

            assertThat(post(drained, "offline").body()).as("offline again changes nothing").contains("\"changed\":false");
            HttpResponse<String> health = get(drained, "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("OUT_OF_SERVICE");
            HttpResponse<String> readiness = get(drained, "/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"status\":\"OUT_OF_SERVICE\"");
            HealthEndpointGroup readinessGroup = drained.getBean(HealthEndpointGroups.class).get("readiness");
            assertThat(readinessGroup.isMember("zkrpcRegistration")).isTrue();
            assertThat(readinessGroup.isMember("zkrpcRegistry")).as("the registry's session is not part of readiness").isFalse();
            assertThat(get(drained, "/actuator/health/liveness").statusCode()).as("liveness stays up").isEqualTo(200);
            assertThat(get(drained, "/actuator/zkrpc").body()).contains("\"state\":\"offline\"").contains("\"registered\":false");

            // A new ZooKeeper session re-creates what is registered: an offline instance stays out.
            ZkRegistryCenter registry = (ZkRegistryCenter) drained.getBean(RegistryCenter.class);
            long session = registry.client().getZookeeperClient().getZooKeeper().getSessionId();
            registry.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
            await("a new session").atMost(WAIT).ignoreExceptions().until(() -> registry.status().connected()
                    && registry.client().getZookeeperClient().getZooKeeper().getSessionId() != session);
            await("the instance to stay out of the registry").during(Duration.ofSeconds(1)).atMost(WAIT)
                    .until(() -> !registryView().contains(address(drained)));

            HttpResponse<String> online = post(drained, "online");
            assertThat(online.statusCode()).isEqualTo(200);
            assertThat(online.body()).contains("\"state\":\"online\"").contains("\"changed\":true");
            int before = touches(drained);
            await("calls to reach the instance again").atMost(WAIT).until(() -> touches(drained) > before);
            await("health to be up again").atMost(WAIT).until(() -> get(drained, "/actuator/health/readiness").statusCode() == 200);
            assertThat(get(drained, "/actuator/zkrpc").body()).contains("\"state\":\"online\"").contains("\"registered\":true");
        } finally {
            calling.set(false);
            loop.get(10, TimeUnit.SECONDS);
            caller.shutdown();
        }
        assertThat(failures).as("calls that failed").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStatusShowsEachSubscribedInstanceAndThePolicyOfEachReferencedMethod() throws Exception {
        await("the consumer to see both providers").atMost(WAIT)
                .until(() -> consumer.getBean(RpcClient.class).instances(CATALOG).size() == 2);
        Map<String, Object> status = new ZkRpcStatus(consumer.getBean(RegistryCenter.class), consumer.getBean(RpcClient.class),
                () -> null).read();

        assertThat(status).containsKeys("registry", "isolatedInstances", "subscriptions", "policies").doesNotContainKey("provider");
        ZkRpcStatus.Subscription catalog = ((List<ZkRpcStatus.Subscription>) status.get("subscriptions")).stream()
                .filter(subscription -> subscription.service().equals(CATALOG.toString())).findFirst().orElseThrow();
        assertThat(catalog.instances()).extracting(ZkRpcStatus.InstanceState::address)
                .containsExactlyInAnyOrder(address(providers.get(0)), address(providers.get(1)));
        assertThat(catalog.instances()).allSatisfy(instance -> {
            assertThat(instance.weight()).isEqualTo(100);
            assertThat(instance.isolated()).isFalse();
            assertThat(instance.callsInFlight()).isZero();
            assertThat(instance.metadata()).containsEntry("weight", "100");
        });
        Map<String, Map<String, ZkRpcStatus.MethodPolicy>> policies = (Map<String, Map<String, ZkRpcStatus.MethodPolicy>>) status.get("policies");
        assertThat(policies.get(CATALOG.toString())).containsEntry("touch()", new ZkRpcStatus.MethodPolicy(3000, 2, false, "failover", 2));
        assertThat(policies.get(ServiceKey.of(PingService.class, "", "default").toString()).get("ping(java.lang.String)").timeoutMs())
                .as("the reference's own timeout").isEqualTo(2000);

        HttpResponse<String> provider = get(providers.get(1), "/actuator/zkrpc");
        assertThat(provider.statusCode()).isEqualTo(200);
        assertThat(provider.body()).contains("\"provider\":{\"state\":\"online\",\"instance\":\"" + address(providers.get(1)) + "\"")
                .contains("{\"service\":\"" + CATALOG + "\",\"registered\":true,\"instance\":\"" + address(providers.get(1)) + "\"}")
                .contains("\"sessionState\":\"CONNECTED\"");
    }

    /**
     * Waits until {@code drained} gets no call over a whole poll interval while {@code other} gets
     * some: the consumer saw the removal.
     */
    private static void awaitQuiet(ConfigurableApplicationContext drained, ConfigurableApplicationContext other) {
        AtomicReference<int[]> last = new AtomicReference<>(new int[] {touches(drained), touches(other)});
        await("calls to stop reaching the offline instance while they reach the other").atMost(WAIT)
                .pollInterval(Duration.ofMillis(300)).until(() -> {
                    int[] now = {touches(drained), touches(other)};
                    int[] before = last.getAndSet(now);
                    return now[0] == before[0] && now[1] > before[1];
                });
    }

    private static int touches(ConfigurableApplicationContext provider) {
        return provider.getBean(CatalogServiceImpl.class).touches();
    }

    private static String address(ConfigurableApplicationContext provider) {
        return "127.0.0.1:" + provider.getEnvironment().getRequiredProperty("local.server.port");
    }

    private static List<String> registryView() {
        return consumer.getBean(RegistryCenter.class).fetchAll(CATALOG).stream().map(Instance::address).toList();
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext provider, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(provider, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asks the endpoint of {@code provider} for {@code state}, as the README's curl command does. */
    private static HttpResponse<String> post(ConfigurableApplicationContext provider, String state) throws Exception {
        return post(provider, "/actuator/zkrpc", "application/json", "{\"state\":\"" + state + "\"}");
    }

    private static HttpResponse<String> post(ConfigurableApplicationContext provider, String path, String contentType,
            String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(provider, path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ConfigurableApplicationContext provider, String path) {
        return URI.create("http://" + address(provider) + path);
    }
}
