package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.testsupport.Dto;
import io.zkrpc.core.testsupport.ProbeException;
import io.zkrpc.core.testsupport.Tripwire;

/**
 * A provider that attacks its consumer: a JDK HTTP server on 127.0.0.1, listed by the registry as
 * an instance of {@link Hostile}, replying huge, endless, compressed, redirecting, deeply nested and
 * spoofed answers. Each call fails quickly with a precise {@link RpcException}, in a test heap
 * (768 MB) smaller than the replies, and the same client keeps calling a real provider.
 */
class HostileProviderTest {

    private static final long LIMIT = 1 << 20;
    /** Long enough that only the size limit, never the timeout, can end the calls of the size tests in time. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration QUICKLY = Duration.ofSeconds(5);
    private static final int DEEP = 100_000;

    private final StaticRegistryCenter registry = new StaticRegistryCenter();
    private final AtomicInteger stolen = new AtomicInteger();
    private ExecutorService hostileThreads;
    private HttpServer hostile;
    private HttpServer elsewhere;
    private RpcServer real;
    private RpcClient client;

    @BeforeEach
    void start() throws IOException {
        hostileThreads = Executors.newCachedThreadPool();
        hostile = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hostile.setExecutor(hostileThreads);
        elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", exchange -> {
            stolen.incrementAndGet();
            reply(exchange, 200, "[\"stolen\"]");
        });
        String nested = "[".repeat(DEEP) + "]".repeat(DEEP);
        hostile.createContext("/huge", exchange -> endless(exchange, 2L << 30));
        hostile.createContext("/endless", exchange -> endless(exchange, 0));
        hostile.createContext("/bomb", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bomb = GzipBomb.spaces(1024);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, bomb.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bomb);
            } catch (IOException e) {
                // the consumer hung up at its limit
            }
        });
        hostile.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/collect");
            reply(exchange, 307, "");
        });
        // In a field the result type does not have: fastjson2 skips it recursively, without its own depth check.
        hostile.createContext("/nested", exchange -> reply(exchange, 200, "{\"id\":1,\"padding\":" + nested + "}"));
        hostile.createContext("/nested-error", exchange -> reply(exchange, 500,
                "{\"code\":\"SERVICE_EXCEPTION\",\"message\":\"deep\",\"padding\":" + nested + "}"));
        hostile.createContext("/number", exchange -> reply(exchange, 200, "1".repeat(1_000_000)));
        hostile.createContext("/slow", exchange -> reply(exchange, 200, "{\"value\":\"late\"}"));
        hostile.createContext("/tripwire", exchange -> reply(exchange, 500, error(Tripwire.class.getName())));
        hostile.createContext("/jdk", exchange -> reply(exchange, 500, error(IllegalStateException.class.getName())));
        hostile.createContext("/probe", exchange -> reply(exchange, 500, error(ProbeException.class.getName())));
        hostile.start();
        elsewhere.start();

        real = RpcServer.builder().registry(registry).build().export(Banner.class, () -> "welcome", "").start();
        client = RpcClient.builder().registry(registry).timeout(TIMEOUT).maxResponseSize(LIMIT).build();
    }

    @AfterEach
    void stop() {
        try {
            assertThat(client.reference(Banner.class).text()).as("a real provider's answer after the attack").isEqualTo("welcome");
        } finally {
            client.close();
            real.close();
            hostile.stop(0);
            elsewhere.stop(0);
            hostileThreads.shutdownNow();
        }
    }

    @Test
    void aReplyDeclaringTwoGigabytesFailsBeforeItsBodyIsRead() {
        assertFailsQuickly(() -> hostile("huge").items(), RpcErrorCode.PAYLOAD_TOO_LARGE)
                .hasMessageContaining("declares 2147483648 bytes")
                .hasMessageContaining("zkrpc.consumer.max-response-size");
    }

    @Test
    void aNeverEndingReplyIsCutAtTheLimit() {
        assertFailsQuickly(() -> hostile("endless").items(), RpcErrorCode.PAYLOAD_TOO_LARGE)
                .hasMessageContaining("exceeds the 1048576 bytes");
    }

    @Test
    void aGzipBombIsCutAtTheLimitOnceDecompressed() {
        assertThat(GzipBomb.spaces(1024).length).as("the bomb's compressed size").isLessThan(1_200_000);

        assertFailsQuickly(() -> hostile("bomb").items(), RpcErrorCode.PAYLOAD_TOO_LARGE)
                .hasMessageContaining("exceeds the 1048576 bytes");
    }

    @Test
    void theHeapStaysBoundedThroughRepeatedAttacks() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        for (int round = 0; round < 3; round++) {
            for (String attack : List.of("huge", "endless", "bomb", "nested")) {
                assertThatThrownBy(() -> hostile(attack).dto()).isInstanceOf(RpcException.class);
            }
        }
        memory.gc();

        assertThat(memory.getHeapMemoryUsage().getUsed() - before).as("heap kept after 12 attacks of 1 GB or more")
                .isLessThan(64L << 20);
    }

    @Test
    void aRedirectIsRefusedAndItsTargetNeverReached() {
        assertFailsQuickly(() -> hostile("redirect").items(), RpcErrorCode.PROVIDER_ERROR)
                .hasMessageContaining("HTTP 307 redirecting to 'http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/collect'")
                .hasMessageContaining("never follows a redirect");
        assertThat(stolen).as("calls that reached the redirect's target").hasValue(0);
    }

    @Test
    void aRedirectIsRefusedEvenByAnOkHttpClientThatFollowsThem() {
        try (RpcClient following = RpcClient.builder().registry(registry).httpCustomizer(http -> http.followRedirects(true)).build()) {
            Hostile redirecting = hostile(following, "redirect");

            assertThatThrownBy(redirecting::items).isInstanceOfSatisfying(RpcException.class,
                    e -> assertThat(e.code()).isEqualTo(RpcErrorCode.PROVIDER_ERROR));
        }
        assertThat(stolen).hasValue(0);
    }

    @Test
    void aDeeplyNestedResultFailsWithSerializationNamingTheMethodAndInstance() {
        assertFailsQuickly(() -> hostile("nested").dto(), RpcErrorCode.SERIALIZATION)
                .hasMessageContaining("Hostile:nested@default#dto()")
                .hasMessageContaining("127.0.0.1:" + hostile.getAddress().getPort())
                .hasMessageContaining("nesting deeper than 256 levels");
    }

    @Test
    void aDeeplyNestedResultFailsTheFutureOfAnAsynchronousCall() {
        CompletableFuture<Dto> future = hostile("nested").dtoLater();

        assertThat(future).failsWithin(QUICKLY).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcErrorCode.SERIALIZATION));
    }

    @Test
    void aDeeplyNestedErrorReplyIsNotTakenForAZkrpcAnswer() {
        assertFailsQuickly(() -> hostile("nested-error").items(), RpcErrorCode.PROVIDER_ERROR)
                .hasMessageContaining("not a zkrpc answer");
    }

    @Test
    void aMillionDigitNumberFailsWithSerializationAtOnce() {
        assertFailsQuickly(() -> hostile("number").count(), RpcErrorCode.SERIALIZATION)
                .hasMessageContaining("a number longer than 4096 characters");
    }

    @Test
    void aResultDecodedPastTheDeadlineFailsWithTimeout() {
        Duration timeout = Duration.ofMillis(SlowToBuild.BUILD_MILLIS / 2);
        Hostile slow = client.reference(new ReferenceConfig<>(Hostile.class, listed("slow"), timeout, ""));

        assertThatThrownBy(slow::slow).isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.TIMEOUT))
                .hasMessageContaining("decoding the reply");
    }

    @Test
    void aSpoofedExceptionTypeIsNeitherInitialisedNorRebuilt() {
        assertFailsQuickly(() -> hostile("tripwire").items(), RpcErrorCode.SERVICE_EXCEPTION)
                .satisfies(e -> assertThat(((RpcException) e).remoteType()).isEqualTo(Tripwire.class.getName()))
                .hasMessageContaining("spoofed");
        assertThat(System.getProperty(Tripwire.PROPERTY)).as("the named class was initialised").isNull();
    }

    @Test
    void aJdkExceptionTypeArrivesAsServiceException() {
        assertFailsQuickly(() -> hostile("jdk").items(), RpcErrorCode.SERVICE_EXCEPTION)
                .satisfies(e -> assertThat(((RpcException) e).remoteType()).isEqualTo(IllegalStateException.class.getName()));
    }

    @Test
    void anExceptionTheMethodDeclaresArrivesAsItsOwnTypeWhateverItsPackage() {
        assertThatThrownBy(() -> hostile("probe").declared()).isExactlyInstanceOf(ProbeException.class).hasMessage("spoofed");
    }

    @Test
    void anExceptionOfAnAllowedPackageArrivesAsItsOwnType() {
        assertFailsQuickly(() -> hostile("probe").items(), RpcErrorCode.SERVICE_EXCEPTION);

        try (RpcClient allowing = RpcClient.builder().registry(registry)
                .exceptionPackages(List.of(ProbeException.class.getPackageName())).build()) {
            assertThatThrownBy(() -> hostile(allowing, "probe").items()).isExactlyInstanceOf(ProbeException.class).hasMessage("spoofed");
        }
    }

    private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFailsQuickly(ThrowingCallable call,
            RpcErrorCode code) {
        long started = System.nanoTime();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to fail").isLessThan(QUICKLY);
        return assertThat(thrown).isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private Hostile hostile(String path) {
        return hostile(client, path);
    }

    private Hostile hostile(RpcClient with, String path) {
        return with.reference(new ReferenceConfig<>(Hostile.class, listed(path), "", PolicyOverrides.NONE, Map.of()));
    }

    /** Lists the hostile server's {@code path} as the instance of the version of {@link Hostile} named after it. */
    private String listed(String path) {
        registry.register(ServiceKey.of(Hostile.class, path, null), Instance.http("127.0.0.1", hostile.getAddress().getPort(), "/" + path));
        return path;
    }

    private static String error(String type) {
        return "{\"code\":\"SERVICE_EXCEPTION\",\"message\":\"spoofed\",\"exceptionType\":\"" + type + "\"}";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the consumer hung up
        }
    }

    /** A JSON array that never ends, chunked ({@code length} 0) or under a declared length, until the consumer hangs up. */
    private static void endless(HttpExchange exchange, long length) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, length);
        byte[] ones = "1,".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write('[');
            while (!Thread.currentThread().isInterrupted()) {
                out.write(ones);
            }
        } catch (IOException e) {
            // the consumer hung up at its limit
        }
    }

    /** A gzip member that inflates to many MiB of spaces (JSON whitespace), built from one flushed block repeated. */
    static final class GzipBomb {

        private static final Map<Integer, byte[]> BUILT = new java.util.concurrent.ConcurrentHashMap<>();

        static byte[] spaces(int mebibytes) {
            return BUILT.computeIfAbsent(mebibytes, GzipBomb::build);
        }

        private static byte[] build(int mebibytes) {
            byte[] mebibyte = new byte[1 << 20];
            Arrays.fill(mebibyte, (byte) ' ');
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            deflater.setInput(mebibyte);
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            // A full flush ends the block on a byte boundary with a fresh dictionary: the block can be repeated as it is.
            while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH)) > 0) {
                block.write(buffer, 0, n);
            }
            deflater.finish();
            ByteArrayOutputStream end = new ByteArrayOutputStream();
            while (!deflater.finished()) {
                end.write(buffer, 0, deflater.deflate(buffer));
            }
            deflater.end();
            CRC32 crc = new CRC32();
            ByteArrayOutputStream gzip = new ByteArrayOutputStream();
            gzip.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
            byte[] repeated = block.toByteArray();
            for (int i = 0; i < mebibytes; i++) {
                gzip.writeBytes(repeated);
                crc.update(mebibyte);
            }
            gzip.writeBytes(end.toByteArray());
            writeIntLittleEndian(gzip, (int) crc.getValue());
            writeIntLittleEndian(gzip, mebibytes << 20);
            return gzip.toByteArray();
        }

        private static void writeIntLittleEndian(ByteArrayOutputStream out, int value) {
            for (int i = 0; i < 4; i++) {
                out.write(value >>> (8 * i));
            }
        }
    }
}
