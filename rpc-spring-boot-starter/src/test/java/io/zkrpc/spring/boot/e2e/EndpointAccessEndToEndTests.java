package io.zkrpc.spring.boot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

/**
 * The {@code zkrpc} endpoint exposed with no access setting, over HTTP on 127.0.0.1: it reads,
 * and its write operation does not exist, so exposing it does not let anyone take the instance offline.
 */
class EndpointAccessEndToEndTests {

    @Test
    void exposedWithoutAnAccessSettingTheEndpointIsReadOnly() throws Exception {
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
                ConfigurableApplicationContext provider = new SpringApplicationBuilder(TestProviderApplication.class).properties(
                        "server.port=0", "server.address=127.0.0.1", "zkrpc.provider.host=127.0.0.1",
                        "zkrpc.provider.unregister-delay=0ms", "zkrpc.registry.address=" + zooKeeper.connectString(),
                        "management.endpoints.web.exposure.include=zkrpc").run()) {
            URI endpoint = URI.create("http://127.0.0.1:" + provider.getEnvironment().getRequiredProperty("local.server.port")
                    + "/actuator/zkrpc");
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> read = http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> write = http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"state\":\"offline\"}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains("\"state\":\"online\"");
            assertThat(write.statusCode()).as("the write operation, without management.endpoint.zkrpc.access=unrestricted")
                    .isEqualTo(405);
            assertThat(provider.getBean(RpcProviderLifecycle.class).isOffline()).isFalse();
        }
    }
}
