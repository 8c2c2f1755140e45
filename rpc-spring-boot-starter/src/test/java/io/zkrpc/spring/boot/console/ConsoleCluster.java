package io.zkrpc.spring.boot.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.e2e.api.CatalogService;
import io.zkrpc.spring.boot.e2e.consumer.CatalogClient;
import io.zkrpc.spring.boot.e2e.consumer.TestConsumerApplication;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;

/**
 * A real ZooKeeper, two providers and a consumer, each a Spring Boot web application on 127.0.0.1
 * with a random port; the console is on for the consumer and the first provider (which also exposes
 * the {@code zkrpc} Actuator endpoint), off (the default) for the second, whose metadata holds markup
 * as a hostile provider could write it. Calls flow
 * from the consumer in a background loop, bounded, until {@link #close()}.
 */
final class ConsoleCluster implements AutoCloseable {

    static final String HOSTILE = "<script>document.title='owned'</script><img src=x onerror=alert(1)>";
    static final ServiceKey CATALOG = ServiceKey.of(CatalogService.class, "", "default");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MAX_CALLS = 200_000;

    final EmbeddedZooKeeper zooKeeper;
    final ConfigurableApplicationContext consoleProvider;
    final ConfigurableApplicationContext plainProvider;
    final ConfigurableApplicationContext consumer;
    final LongAdder calls = new LongAdder();
    private final AtomicBoolean calling = new AtomicBoolean(true);
    private final ExecutorService caller = Executors.newSingleThreadExecutor();
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ConsoleCluster() {
        zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
        try {
            consoleProvider = start(TestProviderApplication.class, "spring.application.name=catalog-provider",
                    "zkrpc.console.enabled=true", "management.endpoints.web.exposure.include=zkrpc", "management.endpoint.zkrpc.access=unrestricted", "zkrpc.provider.tag=blue", "zkrpc.provider.metadata.zone=eu-west-1a");
            // Tagged too: untagged calls go to untagged instances while there are some, and both providers must be called.
            plainProvider = start(TestProviderApplication.class, "spring.application.name=catalog-provider-2",
                    "zkrpc.provider.tag=green", "zkrpc.provider.metadata.note=" + HOSTILE);
            consumer = start(TestConsumerApplication.class, "spring.application.name=shop-frontend", "zkrpc.console.enabled=true");
            await("the consumer to see both providers").atMost(WAIT)
                    .until(() -> consumer.getBean(RpcClient.class).instances(CATALOG).size() == 2);
            CatalogClient client = consumer.getBean(CatalogClient.class);
            caller.execute(() -> {
                for (int i = 0; i < MAX_CALLS && calling.get(); i++) {
                    client.catalog().whoAmI();
                    client.ping().ping("console");
                    calls.increment();
                    pause();
                }
            });
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private ConfigurableApplicationContext start(Class<?> application, String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=100ms",
                "zkrpc.registry.address=" + zooKeeper.connectString()));
        properties.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .properties(properties.toArray(String[]::new)).run();
        contexts.add(context);
        return context;
    }

    /** About 200 calls per second per method: enough figures, little load on a shared machine. */
    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    static String address(ConfigurableApplicationContext context) {
        return "127.0.0.1:" + port(context);
    }

    static String consoleUrl(ConfigurableApplicationContext context) {
        return "http://" + address(context) + "/zkrpc/console/";
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Asks {@code instance}'s zkrpc endpoint to put it in {@code state} ({@code offline} or {@code online}). */
    HttpResponse<String> changeState(ConfigurableApplicationContext instance, String state) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + address(instance) + "/actuator/zkrpc")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"state\":\"" + state + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Puts the console's provider back online, and waits until the consumer sees both providers again. */
    void backOnline() throws IOException, InterruptedException {
        assertThat(changeState(consoleProvider, "online").statusCode()).isEqualTo(200);
        await("the consumer to see both providers again").atMost(WAIT)
                .until(() -> consumer.getBean(RpcClient.class).instances(CATALOG).size() == 2);
    }

    @Override
    public void close() {
        calling.set(false);
        caller.shutdown();
        try {
            if (!caller.awaitTermination(10, TimeUnit.SECONDS)) {
                caller.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }
}
