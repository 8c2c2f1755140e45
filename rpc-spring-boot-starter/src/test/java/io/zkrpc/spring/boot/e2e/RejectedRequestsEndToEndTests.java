package io.zkrpc.spring.boot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.security.CallSigner;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.security.CallAuthentication;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.e2e.api.PingService;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;

/**
 * Requests a provider refuses before they reach a method, over HTTP on 127.0.0.1: counted as
 * {@code zkrpc.server.rejected} by their error code and written to the access log, without what
 * the caller named.
 */
@ExtendWith(OutputCaptureExtension.class)
class RejectedRequestsEndToEndTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedZooKeeper zooKeeper;
    private static ConfigurableApplicationContext provider;
    private static URI endpoint;

    @BeforeAll
    static void start() throws Exception {
        zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
        provider = new SpringApplicationBuilder(TestProviderApplication.class).properties(
                "server.port=0", "server.address=127.0.0.1", "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=0ms", "zkrpc.registry.address=" + zooKeeper.connectString(),
                "zkrpc.security.secret=s3cret", "zkrpc.access-log.enabled=true").run();
        int port = ((WebServerApplicationContext) provider).getWebServer().getPort();
        endpoint = URI.create("http://127.0.0.1:" + port + "/zkrpc");
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    private static HttpResponse<String> post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static double rejected(String code) {
        Counter counter = provider.getBean(MeterRegistry.class).find("zkrpc.server.rejected").tag("error.code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anUnsignedCallIsCountedAndLoggedAsRejectedWithoutTheServiceItNamed(CapturedOutput output) throws Exception {
        double before = rejected("UNAUTHENTICATED");

        HttpResponse<String> response = post("{\"service\":\"" + PingService.class.getName()
                + "\",\"method\":\"ping\",\"parameterTypes\":[\"java.lang.String\"],\"args\":[\"a\"]}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(rejected("UNAUTHENTICATED")).isEqualTo(before + 1);
        assertThat(output.getOut()).contains("zkrpc.server <unresolved> from 127.0.0.1: REJECTED (UNAUTHENTICATED)")
                .doesNotContain(PingService.class.getName() + "/ping");
    }

    @Test
    void aSignedButMalformedBodyIsCountedAndLoggedAsRejected(CapturedOutput output) throws Exception {
        double before = rejected("BAD_REQUEST");
        byte[] body = "{\"service\":".getBytes(StandardCharsets.UTF_8);
        Invocation ping = new Invocation(ServiceKey.of(PingService.class, "", "default"),
                MethodDescriptor.forInterface(PingService.class).get("ping(java.lang.String)"), new Object[] {"a"}, Map.of());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        CallSigner.of(CallAuthentication.secret("s3cret")).sign(ping, body, request::header);

        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(rejected("BAD_REQUEST")).isEqualTo(before + 1);
        assertThat(output.getOut()).contains("zkrpc.server <unresolved> from 127.0.0.1: REJECTED (BAD_REQUEST)");
    }
}
