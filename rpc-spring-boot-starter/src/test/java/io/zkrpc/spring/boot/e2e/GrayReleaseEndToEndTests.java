package io.zkrpc.spring.boot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.alibaba.fastjson2.JSON;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.actuate.ZkRpcStatus;
import io.zkrpc.spring.boot.e2e.api.CatalogService;
import io.zkrpc.spring.boot.e2e.consumer.CatalogClient;
import io.zkrpc.spring.boot.e2e.consumer.TestConsumerApplication;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;

/**
 * Gray release through the starter: a provider tagged by {@code zkrpc.provider.tag}, rules
 * written and deleted through the {@code zkrpc} Actuator endpoint over HTTP, a consumer whose
 * calls follow them, on a real ZooKeeper.
 */
class GrayReleaseEndToEndTests {

    private static final ServiceKey CATALOG = ServiceKey.of(CatalogService.class, "", "default");
    private static final String RULES_PATH = "/actuator/zkrpc/" + CatalogService.class.getName();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static EmbeddedZooKeeper zooKeeper;
    private static final List<ConfigurableApplicationContext> providers = new ArrayList<>();
    private static ConfigurableApplicationContext consumer;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
        for (String tag : new String[] {"", "gray"}) {
            providers.add(new SpringApplicationBuilder(TestProviderApplication.class).properties(
                    "server.port=0", "server.address=127.0.0.1", "zkrpc.provider.host=127.0.0.1",
                    "zkrpc.provider.unregister-delay=0ms", "zkrpc.registry.address=" + zooKeeper.connectString(),
                    "zkrpc.provider.tag=" + tag, "zkrpc.provider.weight=50",
                    "management.endpoints.web.exposure.include=zkrpc", "management.endpoint.zkrpc.access=unrestricted").run());
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
    void rulesWrittenThroughTheActuatorRouteTheCallsAndDeletingThemRestoresTheRotation() throws Exception {
        String stable = address(providers.get(0));
        String gray = address(providers.get(1));
        RpcClient client = consumer.getBean(RpcClient.class);
        assertThat(client.instances(CATALOG)).extracting(instance -> instance.metadata().get("tag")).containsExactlyInAnyOrder(null, "gray");
        assertThat(client.instances(CATALOG)).extracting(Instance::metadata).allSatisfy(metadata -> assertThat(metadata).containsEntry("weight", "50"));
        assertThat(calls(200, null)).containsOnlyKeys(stable);
        assertThat(calls(50, "gray")).containsOnlyKeys(gray);

        HttpResponse<String> refused = post(providers.get(0), RULES_PATH, "{\"gray\": {\"tag\": \"gray\", \"share\": 2}}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("gray share 2 is not from 0 to 1");

        HttpResponse<String> written = post(providers.get(0), RULES_PATH,
                "{\"gray\": {\"tag\": \"gray\", \"share\": 1}, \"instances\": {\"" + stable + "\": {\"weight\": 7}}}");
        assertThat(written.statusCode()).isEqualTo(200);
        assertThat(written.body()).contains("\"tag\":\"gray\"");
        await("the consumer to apply the rules").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> !client.rules(CATALOG).isEmpty());
        assertThat(calls(200, null)).containsOnlyKeys(gray);
        assertThat(client.instances(CATALOG)).filteredOn(instance -> instance.address().equals(stable))
                .extracting(instance -> instance.metadata().get("weight")).containsExactly("7");

        HttpResponse<String> deleted = send(providers.get(0), HttpRequest.newBuilder(uri(providers.get(0), RULES_PATH)).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(200);
        await("the consumer to clear the rules").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> client.rules(CATALOG).isEmpty());
        assertThat(calls(200, null)).containsOnlyKeys(stable);
    }

    @Test
    void aServiceThisApplicationNeitherReferencesNorExportsIsAnswered404AndNoNodeIsCreated() throws Exception {
        String madeUp = "com.example.MadeUpService";
        HttpResponse<String> refused = post(providers.get(0), "/actuator/zkrpc/" + madeUp, "{\"gray\": {\"tag\": \"gray\", \"share\": 1}}");
        HttpResponse<String> deleted = send(providers.get(0), HttpRequest.newBuilder(uri(providers.get(0), "/actuator/zkrpc/" + madeUp)).DELETE());
        HttpResponse<String> injected = post(providers.get(0), "/actuator/zkrpc/com.example.Bad%0D%0AINFO%20forged", "{}");

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(JSON.parseObject(refused.body())).containsEntry("service", madeUp + "@default")
                .containsEntry("error", madeUp + " is neither referenced nor exported by this application (environment 'default'):"
                        + " write its rules from an application that uses it");
        assertThat(deleted.statusCode()).isEqualTo(404);
        assertThat(injected.statusCode()).isEqualTo(400);
        assertThat(injected.body()).contains("com.example.Bad??INFO forged").doesNotContain("\\r", "\\n");
        try (CuratorFramework observer = CuratorFrameworkFactory.newClient(zooKeeper.connectString(), new RetryOneTime(100))) {
            observer.start();
            assertThat(observer.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
            assertThat(observer.getChildren().forPath("/zkrpc/default")).as("service nodes").doesNotContain(madeUp)
                    .contains(CatalogService.class.getName());
        }
    }

    @Test
    void aRuleAddressMatchingNoInstanceIsListedInTheStatus() throws Exception {
        String stable = address(providers.get(0));
        String byName = "localhost:" + providers.get(0).getEnvironment().getRequiredProperty("local.server.port");
        RpcClient client = consumer.getBean(RpcClient.class);
        ZkRpcStatus status = new ZkRpcStatus(consumer.getBean(RegistryCenter.class), client, () -> null);
        try {
            HttpResponse<String> written = post(providers.get(0), RULES_PATH,
                    "{\"instances\": {\"" + byName + "\": {\"weight\": 0}, \"" + stable + "\": {\"weight\": 9}}}");
            assertThat(written.statusCode()).isEqualTo(200);
            await("the consumer to apply the rules").atMost(WAIT).until(() -> !client.rules(CATALOG).isEmpty());

            @SuppressWarnings("unchecked")
            ZkRpcStatus.Subscription catalog = ((List<ZkRpcStatus.Subscription>) status.read().get("subscriptions")).stream()
                    .filter(subscription -> subscription.service().equals(CATALOG.toString())).findFirst().orElseThrow();
            assertThat(catalog.unmatchedRuleAddresses()).containsExactly(byName);
        } finally {
            send(providers.get(0), HttpRequest.newBuilder(uri(providers.get(0), RULES_PATH)).DELETE());
            await("the consumer to clear the rules").atMost(WAIT).until(() -> client.rules(CATALOG).isEmpty());
        }
    }

    /** {@code count} calls of the consumer's proxy, each tagged {@code tag} (or not), counted by the instance that answered. */
    private static Map<String, Integer> calls(int count, String tag) {
        CatalogService catalog = consumer.getBean(CatalogClient.class).catalog();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < count; i++) {
            if (tag != null) {
                RpcContext.current().setAttachment(RpcContext.TAG, tag);
            }
            counts.merge(catalog.whoAmI(), 1, Integer::sum);
        }
        return counts;
    }

    private static String address(ConfigurableApplicationContext provider) {
        return "127.0.0.1:" + provider.getEnvironment().getRequiredProperty("local.server.port");
    }

    /** Posts {@code rules}, the rules node's JSON, as the write operation takes it: the string {@code rules} of a JSON body. */
    private static HttpResponse<String> post(ConfigurableApplicationContext provider, String path, String rules) throws Exception {
        String body = JSON.toJSONString(Map.of("rules", rules));
        return send(provider, HttpRequest.newBuilder(uri(provider, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(ConfigurableApplicationContext provider, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ConfigurableApplicationContext provider, String path) {
        return URI.create("http://" + address(provider) + path);
    }
}
