package io.zkrpc.core.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.internal.codec.JsonCodec;
import io.zkrpc.core.internal.codec.RemoteError;
import io.zkrpc.core.testsupport.ProbeCluster;
import io.zkrpc.core.testsupport.ProbeProvider;

/**
 * The caller's remaining time travels as the {@code zkrpc.timeout-ms} attachment; a provider does
 * not start work for a caller that has already given up. Requests are written by hand and sent
 * with the JDK's HTTP client, so that the attachment is exactly what the test says.
 */
class CallerDeadlineEndToEndTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final ProbeCluster cluster = new ProbeCluster();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void closeEverything() {
        cluster.close();
    }

    @Test
    void callWhoseCallerHasNoTimeLeftIsAnsweredWithTimeoutAndDoesNotRun() throws Exception {
        ProbeProvider provider = cluster.start();

        HttpResponse<String> response = post(provider, "write", "0");

        assertThat(response.statusCode()).isEqualTo(504);
        RemoteError error = new JsonCodec().decodeError(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(error.code()).isEqualTo("TIMEOUT");
        assertThat(error.message()).contains("deadline");
        assertThat(provider.executions("write")).isZero();
    }

    @Test
    void callWhoseCallerStillWaitsRuns() throws Exception {
        ProbeProvider provider = cluster.start();

        HttpResponse<String> response = post(provider, "write", "5000");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Integer.toString(provider.port()));
        assertThat(provider.executions("write")).isEqualTo(1);
    }

    @Test
    void malformedDeadlineIsABadRequest() throws Exception {
        ProbeProvider provider = cluster.start();

        HttpResponse<String> response = post(provider, "write", "soon");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(provider.executions("write")).isZero();
    }

    @Test
    void callThatWaitedForAThreadLongerThanItsCallerAllowedDoesNotRun() throws Exception {
        ProbeProvider provider = cluster.start(builder -> builder.threads(1));
        provider.hang();
        // Occupies the provider's only thread.
        CompletableFuture<HttpResponse<String>> first = postAsync(provider, "write", "10000", Duration.ofSeconds(10));
        await("the first call running").atMost(AWAIT).until(() -> provider.blocked() == 1);

        // Queued behind it: the caller allows the provider 200 ms and gives up waiting at 400 ms.
        CompletableFuture<HttpResponse<String>> queued = postAsync(provider, "read", "200", Duration.ofMillis(400));
        assertThat(queued).failsWithin(AWAIT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(HttpTimeoutException.class);
        provider.recover();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        // The only thread takes requests in order: once this one is answered, the queued one was handled.
        assertThat(post(provider, "write", "10000").statusCode()).isEqualTo(200);

        assertThat(provider.executions("read")).as("executions of the abandoned call").isZero();
        assertThat(provider.executions("write")).isEqualTo(2);
    }

    private HttpResponse<String> post(ProbeProvider provider, String method, String timeoutMillis)
            throws IOException, InterruptedException {
        return http.send(request(provider, method, timeoutMillis, AWAIT), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> postAsync(ProbeProvider provider, String method, String timeoutMillis,
            Duration clientTimeout) {
        return http.sendAsync(request(provider, method, timeoutMillis, clientTimeout), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(ProbeProvider provider, String method, String timeoutMillis, Duration clientTimeout) {
        String body = "{\"service\":\"" + ProbeCluster.KEY.serviceId() + "\",\"method\":\"" + method + "\",\"parameterTypes\":[],"
                + "\"args\":[],\"attachments\":{\"" + JsonCodec.TIMEOUT_ATTACHMENT + "\":\"" + timeoutMillis + "\"}}";
        return HttpRequest.newBuilder(URI.create(provider.instance().url()))
                .timeout(clientTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
