package io.zkrpc.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;

class RpcServerTest {

    public interface Echo {
        String echo(String value);
    }

    private final StaticRegistryCenter registry = new StaticRegistryCenter();
    private RpcServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void changingTheBuilderAfterBuildChangesNothing() throws Exception {
        Map<String, String> metadata = new HashMap<>(Map.of("weight", "100"));
        RpcServer.Builder builder = RpcServer.builder().registry(registry).environment("before").path("/before").metadata(metadata);
        server = builder.build().export(Echo.class, value -> value, "");

        StaticRegistryCenter other = new StaticRegistryCenter();
        builder.registry(other).environment("after").path("/after").host("localhost").metadata(Map.of("weight", "0"))
                .filter(chain -> {
                    throw new RpcException(RpcErrorCode.PROVIDER_ERROR, "a filter added after build() ran");
                })
                .maxRequestSize(1);
        metadata.put("weight", "0");
        server.start();

        Instance instance = server.instance();
        assertThat(instance.host()).isEqualTo("127.0.0.1");
        assertThat(instance.path()).isEqualTo("/before");
        assertThat(instance.metadata()).containsEntry("weight", "100").containsOnlyKeys("weight", "methods." + Echo.class.getName());
        assertThat(registry.fetchAll(ServiceKey.of(Echo.class, "", "before"))).containsExactly(instance);
        assertThat(registry.fetchAll(ServiceKey.of(Echo.class, "", "after"))).isEmpty();
        assertThat(other.fetchAll(ServiceKey.of(Echo.class, "", "before"))).isEmpty();
        assertThat(other.fetchAll(ServiceKey.of(Echo.class, "", "after"))).isEmpty();
        HttpResponse<String> response = post(instance, "{\"service\":\"" + Echo.class.getName()
                + "\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],\"args\":[\"hi\"]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("\"hi\"");
    }

    @Test
    void onlyStartingAServerTurnsNaglesAlgorithmOffForTheJvmAndNotWhenTheApplicationChose() throws Exception {
        String before = System.clearProperty(RpcServer.NODELAY);
        try {
            // A class loader of its own, so that RpcServer's class is initialized again here.
            URL[] classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(entry -> {
                        try {
                            return Path.of(entry).toUri().toURL();
                        } catch (MalformedURLException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toArray(URL[]::new);
            try (URLClassLoader isolated = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
                Class<?> loaded = Class.forName(RpcServer.class.getName(), true, isolated);
                assertThat(loaded).isNotSameAs(RpcServer.class);
            }
            RpcServer built = RpcServer.builder().registry(registry).build();
            assertThat(System.getProperty(RpcServer.NODELAY)).as("after loading the class and building a server").isNull();

            server = built.export(Echo.class, value -> value, "").start();
            assertThat(System.getProperty(RpcServer.NODELAY)).as("once a server starts").isEqualTo("true");

            server.close();
            System.setProperty(RpcServer.NODELAY, "false");
            server = RpcServer.builder().registry(registry).build().export(Echo.class, value -> value, "").start();
            assertThat(System.getProperty(RpcServer.NODELAY)).as("the application's own choice").isEqualTo("false");
        } finally {
            if (before == null) {
                System.clearProperty(RpcServer.NODELAY);
            } else {
                System.setProperty(RpcServer.NODELAY, before);
            }
        }
    }

    private static HttpResponse<String> post(Instance instance, String json) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.url())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
