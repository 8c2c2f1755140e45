package io.zkrpc.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.testsupport.RawHttp;
import io.zkrpc.core.testsupport.RawHttp.Answer;

/** Issue 10, parts 1 and 2, at a running {@link RpcServer}: the endpoint's hygiene and a slow body. */
class RpcServerEndpointTest {

    public interface Echo {
        String echo(String value);
    }

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final byte[] CALL = ("{\"service\":\"" + Echo.class.getName()
            + "\",\"method\":\"echo\",\"parameterTypes\":[\"java.lang.String\"],\"args\":[\"hi\"]}").getBytes(StandardCharsets.UTF_8);

    private RpcServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private int start(RpcServer.Builder builder) throws Exception {
        server = builder.registry(new StaticRegistryCenter()).build().export(Echo.class, value -> value, "").start();
        return server.instance().port();
    }

    @Test
    void onlyZkrpcsContentTypeIsAccepted() throws Exception {
        int port = start(RpcServer.builder());

        assertThat(RawHttp.post(port, "/zkrpc", Map.of("Content-Type", "text/plain"), CALL).status()).isEqualTo(415);
        assertThat(RawHttp.post(port, "/zkrpc", Map.of("Content-Type", "application/x-www-form-urlencoded"), CALL).status()).isEqualTo(415);
        assertThat(RawHttp.post(port, "/zkrpc", Map.of(), CALL).status()).isEqualTo(415);
        assertThat(RawHttp.post(port, "/zkrpc", Map.of("Content-Type", "application/json; charset=UTF-16"), CALL).status()).isEqualTo(415);
        Answer refused = RawHttp.post(port, "/zkrpc", Map.of("Content-Type", "text/plain"), CALL);
        assertThat(refused.body()).contains("UNSUPPORTED_MEDIA_TYPE");
        assertThat(RawHttp.post(port, "/zkrpc", Map.of("Content-Type", "application/json; charset=utf-8"), CALL))
                .isEqualTo(new Answer(200, "\"hi\""));
        assertThat(RawHttp.post(port, "/zkrpc", JSON, CALL)).isEqualTo(new Answer(200, "\"hi\""));
    }

    @Test
    void aCallFromAWebPageIsRefusedUnlessItsOriginIsAllowed() throws Exception {
        int port = start(RpcServer.builder().allowedOrigins(List.of("https://console.example.com")));

        Answer refused = RawHttp.post(port, "/zkrpc", Map.of("Content-Type", "application/json", "Origin", "https://evil.example"), CALL);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("FORBIDDEN").doesNotContain("evil");
        assertThat(RawHttp.post(port, "/zkrpc", Map.of("Content-Type", "application/json", "Origin", "https://console.example.com"), CALL))
                .isEqualTo(new Answer(200, "\"hi\""));
    }

    @Test
    void aBodyTricklingInIsDroppedAtItsDeadline() throws Exception {
        RequestLimits limits = new RequestLimits(64, 100, 1024, 1000, 8, Duration.ofMillis(600), 1024, Duration.ofSeconds(5));
        int port = start(RpcServer.builder().limits(limits));

        Answer answer = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> RawHttp.trickle(port, "/zkrpc", JSON, CALL, 100));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(RawHttp.post(port, "/zkrpc", JSON, CALL)).isEqualTo(new Answer(200, "\"hi\""));
    }

    @Test
    void aHugeAnnouncedLengthIsRefusedAtOnce() throws Exception {
        int port = start(RpcServer.builder());

        Answer answer = RawHttp.post(port, "/zkrpc", Map.of("Content-Type", "application/json", "Content-Length", "2000000000"), CALL);

        assertThat(answer.status()).isEqualTo(413);
    }
}
