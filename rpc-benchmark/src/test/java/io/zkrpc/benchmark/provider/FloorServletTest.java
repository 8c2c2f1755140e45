package io.zkrpc.benchmark.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import com.alibaba.fastjson2.JSON;

import io.zkrpc.benchmark.api.BenchData;
import io.zkrpc.benchmark.api.BenchDto;

/**
 * The servlet floor reads exactly Content-Length bytes, over real HTTP: a body without that header,
 * a shorter body or one past 8 MiB gets a 4xx, and the provider goes on serving.
 */
class FloorServletTest {

    @Test
    void readsExactlyTheAnnouncedBodyAndRefusesWhatItCannotRead() throws Exception {
        try (TestingServer zookeeper = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
                ConfigurableApplicationContext provider = BenchProviderApplication.application()
                        .run("--zkrpc.registry.address=" + zookeeper.getConnectString())) {
            int port = Integer.parseInt(provider.getEnvironment().getRequiredProperty("local.server.port"));

            assertThat(call(port, "7")).isEqualTo(BenchData.dto(7));
            assertThat(exchange(port, "Transfer-Encoding: chunked\r\n", "1\r\n7\r\n0\r\n\r\n", true)).startsWith("HTTP/1.1 400");
            // Three bytes of an announced ten, then the end of the stream.
            assertThat(exchange(port, "Content-Length: 10\r\n", "123", false)).startsWith("HTTP/1.1 400");
            assertThat(exchange(port, "Content-Length: " + (FloorServlet.MAX_BODY + 1) + "\r\n", "", true)).startsWith("HTTP/1.1 413");
            assertThat(call(port, "42")).isEqualTo(BenchData.dto(42));
        }
    }

    /** A well-formed findById call, by the JDK's HTTP client, which sends a Content-Length. */
    private static BenchDto call(int port, String body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/floor-servlet/findById")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.parseObject(response.body(), BenchDto.class);
    }

    /** Sends a POST to /floor-servlet/findById; closes the output after the body unless {@code keepOpen}. Answers the status line. */
    private static String exchange(int port, String headers, String body, boolean keepOpen) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /floor-servlet/findById HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\n" + headers + "\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (!keepOpen) {
                socket.shutdownOutput();
            }
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
