package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import java.security.KeyStore;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import com.sun.net.httpserver.HttpServer;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.LoadBalancer;
import io.zkrpc.core.cluster.Router;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.filter.ConsumerFilter;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.spring.boot.consumer.OkHttpClientCustomizer;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** The consumer auto-configuration, judged by the OkHttp client and the call path of the {@link RpcClient} it builds. */
class ZkRpcClientAutoConfigurationTests {

    private final ApplicationContextRunner noRegistry = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZkRpcAutoConfiguration.class));
    private final ApplicationContextRunner runner = noRegistry.withBean(RegistryCenter.class, StaticRegistryCenter::new);

    @Test
    void theConsumerPropertiesReachTheOkHttpClient() {
        runner.withPropertyValues("zkrpc.consumer.connect-timeout=2500ms").withUserConfiguration(LastCustomizer.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    OkHttpClient http = context.getBean(LastCustomizer.class).client();
                    assertThat(http.connectTimeoutMillis()).isEqualTo(2_500);
                    assertThat(http.readTimeoutMillis()).as("each call carries its own deadline").isZero();
                });
    }

    @Test
    void thePoolKeepsAtMostTheConfiguredIdleConnections() throws Exception {
        runner.withPropertyValues("zkrpc.consumer.max-idle-connections=2").withUserConfiguration(LastCustomizer.class)
                .run(context -> {
                    OkHttpClient http = context.getBean(LastCustomizer.class).client();
                    callInParallel(http, 4);
                    await().atMost(Duration.ofSeconds(10)).until(() -> http.connectionPool().idleConnectionCount() == 2);
                });
    }

    @Test
    void withoutTheSettingThePoolKeepsEveryIdleConnection() throws Exception {
        runner.withUserConfiguration(LastCustomizer.class).run(context -> {
            OkHttpClient http = context.getBean(LastCustomizer.class).client();
            callInParallel(http, 4);
            assertThat(http.connectionPool().idleConnectionCount()).isEqualTo(4);
        });
    }

    @Test
    void httpCustomizersRunInTheirOrder() {
        runner.withUserConfiguration(HttpCustomizers.class, LastCustomizer.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(LastCustomizer.class).client().interceptors())
                    .containsExactly(context.getBean("firstInterceptor", Interceptor.class),
                            context.getBean("secondInterceptor", Interceptor.class));
        });
    }

    @Test
    void filtersRoutersAndTheNamedLoadBalancerArePickedUpInOrder() {
        ServiceKey key = ServiceKey.of(Greeter.class, "", "default");
        noRegistry.withBean(RegistryCenter.class, () -> StaticRegistryCenter.of(key, Instance.http("127.0.0.1", 1, "/zkrpc")))
                .withPropertyValues("zkrpc.consumer.load-balancer=traced", "zkrpc.consumer.retries=0",
                        "zkrpc.consumer.cluster=failfast")
                .withUserConfiguration(TracingExtensions.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Greeter greeter = context.getBean(RpcClient.class).reference(Greeter.class);
                    assertThatThrownBy(() -> greeter.greet("x")).isInstanceOf(RpcException.class); // nothing listens there
                    assertThat(context.getBean(Trace.class).steps)
                            .containsExactly("filter 1", "filter 2", "router 1", "router 2", "balancer");
                });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"round-robin", "random", "least-active", "p2c", "consistent-hash"})
    void everyBuiltInLoadBalancerIsKnownByName(String name) {
        ServiceKey key = ServiceKey.of(Greeter.class, "", "default");
        noRegistry.withBean(RegistryCenter.class, () -> StaticRegistryCenter.of(key, Instance.http("127.0.0.1", 1, "/zkrpc")))
                .withPropertyValues("zkrpc.consumer.load-balancer=" + name)
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theClientFollowsNoRedirect() {
        runner.withUserConfiguration(LastCustomizer.class).run(context -> {
            OkHttpClient http = context.getBean(LastCustomizer.class).client();
            assertThat(http.followRedirects()).isFalse();
            assertThat(http.followSslRedirects()).isFalse();
        });
    }

    @Test
    void aReplyLargerThanTheMaxResponseSizeFailsTheCall() throws IOException {
        HttpServer server = replying(200, "\"" + "x".repeat(2048) + "\"");
        try {
            ServiceKey key = ServiceKey.of(Greeter.class, "", "default");
            noRegistry.withBean(RegistryCenter.class, () -> StaticRegistryCenter.of(key, Instance.http("127.0.0.1", server.getAddress().getPort(), "/")))
                    .withPropertyValues("zkrpc.consumer.max-response-size=1KB")
                    .run(context -> assertThatThrownBy(() -> context.getBean(RpcClient.class).reference(Greeter.class).greet("x"))
                            .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.PAYLOAD_TOO_LARGE))
                            .hasMessageContaining("1024 bytes"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void exceptionPackagesDecideWhichRemoteExceptionsArriveAsTheirOwnType() throws IOException {
        HttpServer server = replying(500, "{\"code\":\"SERVICE_EXCEPTION\",\"message\":\"odd\",\"exceptionType\":\"java.lang.IllegalStateException\"}");
        try {
            ServiceKey key = ServiceKey.of(Greeter.class, "", "default");
            ApplicationContextRunner listed = noRegistry.withBean(RegistryCenter.class,
                    () -> StaticRegistryCenter.of(key, Instance.http("127.0.0.1", server.getAddress().getPort(), "/")));
            listed.run(context -> assertThatThrownBy(() -> context.getBean(RpcClient.class).reference(Greeter.class).greet("x"))
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.SERVICE_EXCEPTION)));
            listed.withPropertyValues("zkrpc.consumer.exception-packages=java.lang")
                    .run(context -> assertThatThrownBy(() -> context.getBean(RpcClient.class).reference(Greeter.class).greet("x"))
                            .isExactlyInstanceOf(IllegalStateException.class).hasMessage("odd"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theNamedSslBundleVerifiesProviders() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry("providers", SslBundle.of(SslStoreBundle.of(null, null, empty)));
        runner.withBean(SslBundles.class, () -> bundles).withUserConfiguration(LastCustomizer.class)
                .withPropertyValues("zkrpc.consumer.ssl.bundle=providers").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(LastCustomizer.class).client().x509TrustManager().getAcceptedIssuers())
                            .as("the bundle's empty trust store, not the JDK's").isEmpty();
                });
        runner.withUserConfiguration(LastCustomizer.class).run(context ->
                assertThat(context.getBean(LastCustomizer.class).client().x509TrustManager().getAcceptedIssuers())
                        .as("without the property, the JDK's trust").isNotEmpty());
    }

    @Test
    void anSslBundleThatDoesNotExistFailsTheStart() {
        runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("zkrpc.consumer.ssl.bundle=nowhere").run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("zkrpc.consumer.ssl.bundle names the SSL bundle 'nowhere', which does not exist"));
    }

    /** A server on 127.0.0.1 answering every request with {@code status} and {@code json}. */
    private static HttpServer replying(int status, String json) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(status, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    /** Makes {@code calls} requests at once, so that each needs its own connection, and waits for their answers. */
    private static void callInParallel(OkHttpClient http, int calls) throws IOException, InterruptedException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), calls);
        CountDownLatch allArrived = new CountDownLatch(calls);
        server.createContext("/", exchange -> {
            allArrived.countDown();
            try {
                allArrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        ExecutorService threads = Executors.newFixedThreadPool(calls * 2);
        server.setExecutor(threads);
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
                        return response.code();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            for (CompletableFuture<Integer> answer : answers) {
                assertThat(answer.join()).isEqualTo(200);
            }
        } finally {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    public interface Greeter {
        String greet(String name);
    }

    /** Runs after every other customizer and keeps the builder, whose client is the one the {@link RpcClient} built. */
    static final class LastCustomizer implements OkHttpClientCustomizer, Ordered {

        private OkHttpClient.Builder builder;

        @Override
        public void customize(OkHttpClient.Builder builder) {
            this.builder = builder;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        /** A client with the same settings, pool and dispatcher as the {@link RpcClient}'s own. */
        OkHttpClient client() {
            return builder.build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HttpCustomizers {

        @Bean
        Interceptor firstInterceptor() {
            return chain -> chain.proceed(chain.request());
        }

        @Bean
        Interceptor secondInterceptor() {
            return chain -> chain.proceed(chain.request());
        }

        @Bean
        @Order(2)
        OkHttpClientCustomizer secondCustomizer(Interceptor secondInterceptor) {
            return builder -> builder.addInterceptor(secondInterceptor);
        }

        @Bean
        @Order(1)
        OkHttpClientCustomizer firstCustomizer(Interceptor firstInterceptor) {
            return builder -> builder.addInterceptor(firstInterceptor);
        }
    }

    static final class Trace {
        final List<String> steps = new ArrayList<>();
    }

    @Configuration(proxyBeanMethods = false)
    static class TracingExtensions {

        @Bean
        Trace trace() {
            return new Trace();
        }

        @Bean
        @Order(2)
        ConsumerFilter secondFilter(Trace trace) {
            return chain -> {
                trace.steps.add("filter 2");
                return chain.proceed(chain.invocation());
            };
        }

        @Bean
        @Order(1)
        ConsumerFilter firstFilter(Trace trace) {
            return chain -> {
                trace.steps.add("filter 1");
                return chain.proceed(chain.invocation());
            };
        }

        @Bean
        @Order(2)
        Router secondRouter(Trace trace) {
            return (instances, invocation) -> {
                trace.steps.add("router 2");
                return instances;
            };
        }

        @Bean
        @Order(1)
        Router firstRouter(Trace trace) {
            return (instances, invocation) -> {
                trace.steps.add("router 1");
                return instances;
            };
        }

        @Bean
        LoadBalancer traced(Trace trace) {
            return (instances, invocation) -> {
                trace.steps.add("balancer");
                return instances.get(0);
            };
        }
    }
}
