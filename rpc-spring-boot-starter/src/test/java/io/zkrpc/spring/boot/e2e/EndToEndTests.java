package io.zkrpc.spring.boot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.e2e.api.CatalogService;
import io.zkrpc.spring.boot.e2e.api.ClockService;
import io.zkrpc.spring.boot.e2e.api.Color;
import io.zkrpc.spring.boot.e2e.api.Item;
import io.zkrpc.spring.boot.e2e.api.ItemMissingException;
import io.zkrpc.spring.boot.e2e.api.PingService;
import io.zkrpc.spring.boot.e2e.api.QuotaExceededException;
import io.zkrpc.spring.boot.e2e.consumer.CatalogClient;
import io.zkrpc.spring.boot.e2e.consumer.TestConsumerApplication;
import io.zkrpc.spring.boot.e2e.provider.CatalogServiceImpl;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;

/**
 * Three provider applications and a consumer application, each a real Spring Boot context with
 * the starter, over HTTP on 127.0.0.1 and a real ZooKeeper.
 */
class EndToEndTests {

    private static final ServiceKey CATALOG = ServiceKey.of(CatalogService.class, "", "default");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static EmbeddedZooKeeper zooKeeper;
    private static final List<ConfigurableApplicationContext> providers = new ArrayList<>();
    private static ConfigurableApplicationContext consumer;
    private static CatalogService catalog;

    @BeforeAll
    static void startCluster() {
        zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
        for (int i = 0; i < 3; i++) {
            providers.add(startProvider());
        }
        consumer = new SpringApplicationBuilder(TestConsumerApplication.class)
                .web(WebApplicationType.NONE)
                .properties("zkrpc.registry.address=" + zooKeeper.connectString())
                .run();
        catalog = consumer.getBean(CatalogClient.class).catalog();
        await("the consumer to see three providers").atMost(WAIT).until(() -> consumerView().size() == 3);
    }

    @AfterAll
    static void stopCluster() {
        if (consumer != null) {
            consumer.close();
        }
        providers.forEach(ConfigurableApplicationContext::close);
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    private static ConfigurableApplicationContext startProvider(String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=100ms",
                "zkrpc.registry.address=" + zooKeeper.connectString()));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(TestProviderApplication.class).properties(properties.toArray(String[]::new)).run();
    }

    private static int port(ConfigurableApplicationContext provider) {
        return provider.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static Set<String> consumerView() {
        return consumer.getBean(RpcClient.class).instances(CATALOG).stream()
                .map(Instance::address).collect(Collectors.toSet());
    }

    private static Set<String> registryView() {
        return consumer.getBean(RegistryCenter.class).fetchAll(CATALOG).stream()
                .map(Instance::address).collect(Collectors.toSet());
    }

    private static Set<String> addressesOf(List<ConfigurableApplicationContext> contexts) {
        return contexts.stream().map(context -> "127.0.0.1:" + port(context)).collect(Collectors.toSet());
    }

    @Test
    void registryListsEveryProviderAtThePortItActuallyListensOn() {
        assertThat(registryView()).isEqualTo(addressesOf(providers));
        assertThat(consumerView()).isEqualTo(addressesOf(providers));
    }

    @Test
    void callsAreSpreadRoundRobinOverEveryProvider() {
        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            servedBy.add(catalog.whoAmI());
        }
        assertThat(Set.copyOf(servedBy)).isEqualTo(addressesOf(providers));
        for (int i = 0; i < 3; i++) {
            assertThat(servedBy.get(i + 3)).as("call %d repeats call %d", i + 4, i + 1).isEqualTo(servedBy.get(i));
        }
    }

    @Test
    void keepAliveConnectionsAreNotCappedUnlessTheApplicationSaysSo() {
        assertThat(providers.get(0).getEnvironment().getProperty("server.tomcat.max-keep-alive-requests")).isEqualTo("-1");
        try (ConfigurableApplicationContext capped = startProvider("server.tomcat.max-keep-alive-requests=50")) {
            assertThat(capped.getEnvironment().getProperty("server.tomcat.max-keep-alive-requests")).isEqualTo("50");
        }
        await("the consumer to drop the extra provider").atMost(WAIT).until(() -> consumerView().equals(addressesOf(providers)));
    }

    @Test
    void overloadsReachTheExactMethod() {
        assertThat(catalog.find(3).name()).isEqualTo("item-3");
        assertThat(catalog.find("abcd").id()).isEqualTo(4);
    }

    @Test
    void genericCollectionsRecordsEnumsDatesAndDecimalsKeepTheirTypes() {
        List<Item> items = catalog.list(3);
        assertThat(items).hasSize(3).allSatisfy(item -> assertThat(item).isInstanceOf(Item.class));
        assertThat(items.get(2).price()).isEqualByComparingTo("31.50");
        assertThat(items.get(0).at()).isEqualTo(LocalDateTime.of(2026, 11, 25, 12, 0, 0, 123_456_789));
        assertThat(items.get(0).tags()).containsExactly("a", "b");

        Map<String, Item> byName = catalog.byName(List.of(1, 2));
        assertThat(byName).containsOnlyKeys("item-1", "item-2");
        assertThat(byName.get("item-2")).isInstanceOf(Item.class).extracting(Item::color).isEqualTo(Color.GREEN);

        assertThat(catalog.doubled(new int[] {1, 2, 3})).containsExactly(2, 4, 6);
        assertThat(catalog.sum(List.of(new BigDecimal("1.10"), new BigDecimal("2.205")))).isEqualTo(new BigDecimal("3.305"));
        assertThat(catalog.plusDays(LocalDateTime.of(2026, 2, 28, 23, 59, 59, 1), 1))
                .isEqualTo(LocalDateTime.of(2026, 3, 1, 23, 59, 59, 1));
        assertThat(catalog.next(Color.RED)).isEqualTo(Color.GREEN);
        assertThat(catalog.describe(catalog.find(1), Color.RED, 5_000_000_000L, true)).isEqualTo("item-1/RED/5000000000/true");
    }

    @Test
    void nullArgumentsNullResultsAndVoidMethodsPassThrough() {
        assertThat(catalog.nullable(null)).isEqualTo("was null");
        assertThat(catalog.nullable("x")).isNull();

        int touchedBefore = touchesServed();
        catalog.touch();
        assertThat(touchesServed()).as("void calls that reached a provider").isEqualTo(touchedBefore + 1);
    }

    /** Calls of the void method {@code touch()} served by the running providers together. */
    private static int touchesServed() {
        return providers.stream().filter(ConfigurableApplicationContext::isActive)
                .mapToInt(provider -> provider.getBean(CatalogServiceImpl.class).touches()).sum();
    }

    @Test
    void businessExceptionsArriveAsTheirOwnType() {
        assertThatThrownBy(() -> catalog.find(0)).isExactlyInstanceOf(ItemMissingException.class).hasMessage("no item 0");
        assertThatThrownBy(() -> catalog.reserve(11)).isExactlyInstanceOf(QuotaExceededException.class)
                .hasMessage("quota is 10, asked 11");
    }

    @Test
    void anExceptionOutsideTheServicePackageArrivesAsServiceExceptionNamingItsType() {
        assertThatThrownBy(() -> catalog.reserve(-1)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.SERVICE_EXCEPTION);
            assertThat(e.remoteType()).isEqualTo(IllegalArgumentException.class.getName());
        }).hasMessageContaining("negative amount -1");
    }

    @Test
    void fieldsAndConstructorParametersBothReceiveProxies() {
        PingService ping = consumer.getBean(CatalogClient.class).ping();
        assertThat(ping.ping("zk")).isEqualTo("pong zk");
        assertThat(ping.toString()).contains("zkrpc reference to " + PingService.class.getName());
    }

    @Test
    void rpcServiceClassesAreOneBeanEachWhetherScannedComponentOrBeanMethod() {
        ConfigurableApplicationContext provider = providers.get(0);
        assertThat(provider.getBeansOfType(PingService.class)).hasSize(1);
        assertThat(provider.getBeansOfType(ClockService.class)).hasSize(1);
        assertThat(provider.getBeansOfType(CatalogService.class)).hasSize(1);
        ClockService clock = consumer.getBean(RpcClient.class).reference(ClockService.class);
        assertThat(clock.now()).isPositive();
    }

    @Test
    void aStoppedProviderIsDroppedByRegistryAndConsumerAndNoCallFails() {
        ConfigurableApplicationContext extra = startProvider();
        String extraAddress = "127.0.0.1:" + port(extra);
        await("the consumer to see the fourth provider").atMost(WAIT).until(() -> consumerView().contains(extraAddress));

        extra.close();

        assertThat(registryView()).doesNotContain(extraAddress).hasSize(3);
        await("the consumer to drop the stopped provider").atMost(WAIT).until(() -> !consumerView().contains(extraAddress));
        for (int i = 0; i < 9; i++) {
            assertThat(catalog.whoAmI()).isNotEqualTo(extraAddress);
        }
    }

    @Test
    void aProviderShuttingDownGracefullyUnderLoadFailsNoCallEvenOfANonIdempotentMethod() throws Exception {
        ConfigurableApplicationContext leaving = startProvider();
        String leavingAddress = "127.0.0.1:" + port(leaving);
        await("the consumer to see the fourth provider").atMost(WAIT).until(() -> consumerView().contains(leavingAddress));
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder calls = new LongAdder();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                callers.execute(() -> {
                    while (running.get()) {
                        try {
                            catalog.reserve(1);
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                        calls.increment();
                    }
                });
            }
            await("calls to flow").atMost(WAIT).until(() -> calls.sum() > 200);
            leaving.close();
            long afterClose = calls.sum();
            await("more calls after the shutdown").atMost(WAIT).until(() -> calls.sum() > afterClose + 200);
        } finally {
            running.set(false);
            callers.shutdown();
            assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).isEmpty();
        assertThat(consumerView()).doesNotContain(leavingAddress);
    }

    @Test
    void aProviderThatFailsToStartIsNeverRegistered() {
        assertThatThrownBy(() -> startProvider("test.fail-after-start=true"))
                .hasMessage("start-up failed on purpose");
        assertThat(registryView()).isEqualTo(addressesOf(providers));
    }

    @Test
    void theEndpointAnswersBadInputWithPreciseStatusesAndKeepsServing() throws Exception {
        String endpoint = "http://127.0.0.1:" + port(providers.get(0)) + "/zkrpc";
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> malformed = post(http, endpoint, "{not json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"code\":\"BAD_REQUEST\"");

        HttpResponse<String> unknownMethod = post(http, endpoint, "{\"service\":\"" + CatalogService.class.getName()
                + "\",\"method\":\"find\",\"parameterTypes\":[\"double\"],\"args\":[1.5]}");
        assertThat(unknownMethod.statusCode()).isEqualTo(404);
        assertThat(unknownMethod.body()).contains("\"code\":\"UNKNOWN_METHOD\"").contains("find(double)");

        HttpResponse<String> unknownService = post(http, endpoint, "{\"service\":\"com.example.Nope\",\"method\":\"x\",\"args\":[]}");
        assertThat(unknownService.statusCode()).isEqualTo(404);
        assertThat(unknownService.body()).contains("\"code\":\"UNKNOWN_SERVICE\"");

        HttpResponse<String> wrongArgument = post(http, endpoint, "{\"service\":\"" + CatalogService.class.getName()
                + "\",\"method\":\"find\",\"parameterTypes\":[\"int\"],\"args\":[\"not a number\"]}");
        assertThat(wrongArgument.statusCode()).isEqualTo(400);

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(endpoint)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);

        HttpResponse<String> valid = post(http, endpoint, "{\"service\":\"" + CatalogService.class.getName()
                + "\",\"method\":\"find\",\"parameterTypes\":[\"int\"],\"args\":[2]}");
        assertThat(valid.statusCode()).isEqualTo(200);
        assertThat(valid.body()).contains("\"name\":\"item-2\"");
    }

    @Test
    void anOversizedRequestIsRefusedWith413() throws Exception {
        try (ConfigurableApplicationContext small = startProvider("zkrpc.provider.max-request-size=1KB")) {
            String endpoint = "http://127.0.0.1:" + port(small) + "/zkrpc";
            String tooLarge = "{\"service\":\"" + CatalogService.class.getName()
                    + "\",\"method\":\"find\",\"parameterTypes\":[\"java.lang.String\"],\"args\":[\"" + "a".repeat(2048) + "\"]}";
            HttpResponse<String> response = post(HttpClient.newHttpClient(), endpoint, tooLarge);
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("PAYLOAD_TOO_LARGE");
            HttpResponse<String> fits = post(HttpClient.newHttpClient(), endpoint, tooLarge.replace("a".repeat(2048), "abc"));
            assertThat(fits.statusCode()).isEqualTo(200);
        }
        await("the consumer to drop the extra provider").atMost(WAIT).until(() -> consumerView().equals(addressesOf(providers)));
    }

    @Test
    void theEndpointTakesOnlyJsonAndNoCallFromAWebPage() throws Exception {
        String endpoint = "http://127.0.0.1:" + port(providers.get(0)) + "/zkrpc";
        String call = "{\"service\":\"" + CatalogService.class.getName() + "\",\"method\":\"find\",\"parameterTypes\":[\"int\"],\"args\":[2]}";
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> plain = send(http, HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "text/plain"), call);
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.body()).contains("\"code\":\"UNSUPPORTED_MEDIA_TYPE\"");
        assertThat(send(http, HttpRequest.newBuilder(URI.create(endpoint)), call).statusCode()).isEqualTo(415);
        HttpResponse<String> page = send(http, HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                .header("Origin", "https://evil.example"), call);
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("\"code\":\"FORBIDDEN\"");
        assertThat(post(http, endpoint, call).statusCode()).isEqualTo(200);
    }

    @Test
    void hostileBodiesAreRefusedWithin400sUnderTheConfiguredLimits() throws Exception {
        try (ConfigurableApplicationContext guarded = startProvider("zkrpc.provider.limits.max-depth=8",
                "zkrpc.provider.limits.body-read-timeout=2s", "zkrpc.provider.limits.min-body-rate-grace=200ms",
                "zkrpc.provider.allowed-origins=https://console.example")) {
            String endpoint = "http://127.0.0.1:" + port(guarded) + "/zkrpc";
            String service = CatalogService.class.getName();
            String call = "{\"service\":\"" + service + "\",\"method\":\"find\",\"parameterTypes\":[\"int\"],\"args\":[2]}";
            HttpClient http = HttpClient.newHttpClient();

            assertThat(post(http, endpoint, "{\"padding\":" + "[".repeat(9) + "]".repeat(9) + "," + call.substring(1)).statusCode())
                    .isEqualTo(400);
            assertThat(post(http, endpoint, "{\"padding\":" + "[".repeat(7) + "]".repeat(7) + "," + call.substring(1)).statusCode())
                    .isEqualTo(200);
            long start = System.nanoTime();
            assertThat(post(http, endpoint, call.replace("[2]", "[" + "9".repeat(1024 * 1024) + "]")).statusCode()).isEqualTo(400);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(post(http, endpoint, "{\"args\":[4294967298],\"service\":\"" + service
                    + "\",\"method\":\"find\",\"parameterTypes\":[\"int\"]}").statusCode()).isEqualTo(400);
            HttpResponse<String> duplicate = post(http, endpoint, call.replace("}", ",\"service\":\"com.example.Other\"}"));
            assertThat(duplicate.statusCode()).isEqualTo(400);
            assertThat(duplicate.body()).doesNotContain("com.example.Other").doesNotContainIgnoringCase("fastjson");
            assertThat(send(http, HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                    .header("Origin", "https://console.example"), call).statusCode()).isEqualTo(200);

            // A valid call trickling in, a byte every 100 ms: dropped once below the minimum rate, after the grace.
            byte[] bytes = call.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.io.InputStream trickle = new java.io.InputStream() {
                private int next;

                @Override
                public int read() throws java.io.IOException {
                    if (next == bytes.length) {
                        return -1;
                    }
                    try {
                        Thread.sleep(100); // the slowness under test
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                    return bytes[next++];
                }

                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    int c = read();
                    if (c < 0) {
                        return -1;
                    }
                    b[off] = (byte) c;
                    return 1;
                }
            };
            HttpResponse<String> slow = http.send(HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> trickle)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(slow.statusCode()).isEqualTo(400);
            assertThat(post(http, endpoint, call).statusCode()).isEqualTo(200);
        }
        await("the consumer to drop the extra provider").atMost(WAIT).until(() -> consumerView().equals(addressesOf(providers)));
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request, String body) throws Exception {
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String endpoint, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
