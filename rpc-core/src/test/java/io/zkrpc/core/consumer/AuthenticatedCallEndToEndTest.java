package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.codec.JsonCodec;
import io.zkrpc.core.internal.security.CallSigner;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.security.CallAuthentication;
import io.zkrpc.core.testsupport.TestInvocations;

/** Signed calls over real HTTP on 127.0.0.1: what a provider with a secret accepts and what it refuses. */
class AuthenticatedCallEndToEndTest {

    private final StaticRegistryCenter registry = new StaticRegistryCenter();
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** How often the service bean ran, on any provider. */
    private final AtomicInteger runs = new AtomicInteger();
    /** Requests sent by the consumers, retries included. */
    private final AtomicInteger attempts = new AtomicInteger();
    private final OkHttpClient raw = new OkHttpClient();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void aCallSignedWithTheProvidersSecretRuns() throws IOException {
        provider(CallAuthentication.secret("s3cret"));

        assertThat(whoAmI(CallAuthentication.secret("s3cret")).port()).isEqualTo(1);
        assertThat(runs).hasValue(1);
    }

    @Test
    void anUnsignedCallIsRefusedWithoutRunningOrRetrying() throws IOException {
        provider(CallAuthentication.secret("s3cret"));
        provider(CallAuthentication.secret("s3cret"));

        assertUnauthenticated(whoAmI(CallAuthentication.NONE), "not signed");
    }

    @Test
    void aCallSignedWithAnotherSecretIsRefusedWithoutRunningRetryingOrIsolating() throws IOException {
        provider(CallAuthentication.secret("s3cret"));
        provider(CallAuthentication.secret("s3cret"));
        RpcClient client = client(CallAuthentication.secret("wrong"));
        WhoAmI service = client.reference(new ReferenceConfig<>(WhoAmI.class, "", "",
                new PolicyOverrides(null, 2, true, "failover", null), Map.of()));

        assertUnauthenticated(service, "wrong signature");
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(service::port).isInstanceOf(RpcException.class);
        }

        assertThat(attempts).as("one attempt per call, never retried").hasValue(11);
        assertThat(client.isolatedInstances()).as("a wrong secret is no instance's failure").isEmpty();
        assertThat(runs).hasValue(0);
    }

    @Test
    void anExpiredSignatureIsRefused() throws IOException {
        RpcServer server = provider(CallAuthentication.secret("s3cret"));
        Clock sixMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6));

        try (Response response = send(server, new CallSigner(CallAuthentication.secret("s3cret"), sixMinutesAgo))) {
            assertThat(response.code()).isEqualTo(401);
            assertThat(response.body().string()).contains("UNAUTHENTICATED").contains("clocks");
        }
        assertThat(runs).hasValue(0);
    }

    @Test
    void aReplayedCallIsRefused() throws IOException {
        RpcServer server = provider(CallAuthentication.secret("s3cret"));
        Invocation invocation = TestInvocations.invocation(WhoAmI.class, "port()");
        byte[] body = new JsonCodec().encodeRequest(invocation);
        Map<String, String> headers = new HashMap<>();
        CallSigner.of(CallAuthentication.secret("s3cret")).sign(invocation, body, headers::put);

        try (Response first = post(server, body, headers); Response replay = post(server, body, headers)) {
            assertThat(first.code()).isEqualTo(200);
            assertThat(replay.code()).isEqualTo(401);
            assertThat(replay.body().string()).contains("UNAUTHENTICATED").contains("replayed");
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void duringARotationConsumersSigningWithTheOldOrTheNewSecretAreBothServed() throws IOException {
        provider(CallAuthentication.secret("new", "old"));

        assertThat(whoAmI(CallAuthentication.secret("old")).port()).isEqualTo(1);
        assertThat(whoAmI(CallAuthentication.secret("new")).port()).isEqualTo(2);
        assertUnauthenticated(whoAmI(CallAuthentication.secret("older")), "wrong signature");
    }

    @Test
    void aProviderWithoutASecretServesSignedCalls() throws IOException {
        provider(CallAuthentication.NONE);

        assertThat(whoAmI(CallAuthentication.secret("s3cret")).port()).isEqualTo(1);
    }

    @Test
    void a401ThatZkrpcDidNotWriteNamesTheLikelyCause() throws IOException {
        HttpServer guard = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        guard.createContext("/", exchange -> {
            byte[] page = "<html>Unauthorized</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        guard.start();
        resources.add(() -> guard.stop(0));
        registry.register(ServiceKey.of(WhoAmI.class, "", null), Instance.http("127.0.0.1", guard.getAddress().getPort(), "/zkrpc"));

        assertThatThrownBy(whoAmI(CallAuthentication.secret("s3cret"))::port)
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.UNAUTHENTICATED))
                .hasMessageContaining("Spring Security").hasMessageContaining("proxy");
        assertThat(attempts).hasValue(1);
    }

    private void assertUnauthenticated(WhoAmI service, String reason) {
        int before = attempts.get();
        int ran = runs.get();
        assertThatThrownBy(service::port)
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.UNAUTHENTICATED))
                .hasMessageContaining(reason);
        assertThat(attempts.get() - before).as("attempts").isEqualTo(1);
        assertThat(runs).as("the bean never runs").hasValue(ran);
    }

    private RpcServer provider(CallAuthentication authentication) throws IOException {
        RpcServer server = RpcServer.builder().registry(registry).authentication(authentication).build()
                .export(WhoAmI.class, runs::incrementAndGet, "");
        resources.add(server);
        return server.start();
    }

    private WhoAmI whoAmI(CallAuthentication authentication) {
        return client(authentication).reference(WhoAmI.class);
    }

    private RpcClient client(CallAuthentication authentication) {
        RpcClient client = RpcClient.builder().registry(registry).authentication(authentication)
                .httpCustomizer(http -> http.addNetworkInterceptor(chain -> {
                    attempts.incrementAndGet();
                    return chain.proceed(chain.request());
                }))
                .build();
        resources.add(client);
        return client;
    }

    private Response send(RpcServer server, CallSigner signer) throws IOException {
        Invocation invocation = TestInvocations.invocation(WhoAmI.class, "port()");
        byte[] body = new JsonCodec().encodeRequest(invocation);
        Map<String, String> headers = new HashMap<>();
        signer.sign(invocation, body, headers::put);
        return post(server, body, headers);
    }

    private Response post(RpcServer server, byte[] body, Map<String, String> headers) throws IOException {
        Request.Builder request = new Request.Builder().url(server.instance().url())
                .post(RequestBody.create(body, MediaType.get("application/json")));
        headers.forEach(request::header);
        return raw.newCall(request.build()).execute();
    }
}
