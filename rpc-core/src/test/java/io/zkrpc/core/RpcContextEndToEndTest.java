package io.zkrpc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.codec.JsonCodec;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;

/** {@link RpcContext} across real HTTP on 127.0.0.1: attachments, their propagation, and one deadline across hops. */
class RpcContextEndToEndTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final StaticRegistryCenter registry = new StaticRegistryCenter();
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** The back service: tells what its context holds. */
    public interface Back {

        String attachment(String name);

        CompletableFuture<String> attachmentLater(String name);

        /** The names of the caller's attachments, as the context shows them. */
        List<String> attachmentNames();

        /** The milliseconds the caller still waits, as the context says; -1 when it does not say. */
        long remainingMillis();
    }

    /** The front service: serves a call by calling {@link Back}. */
    public interface Front {

        String backAttachment(String name);

        long backRemainingMillis();

        /** Waits {@code millis}, then calls {@link Back}. */
        String slowThenBack(long millis);
    }

    static final class BackImpl implements Back {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public String attachment(String name) {
            calls.add("attachment");
            return RpcContext.current().getAttachment(name);
        }

        @Override
        public CompletableFuture<String> attachmentLater(String name) {
            String seen = RpcContext.current().getAttachment(name);
            return CompletableFuture.supplyAsync(() -> seen, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        }

        @Override
        public List<String> attachmentNames() {
            return List.copyOf(RpcContext.current().getAttachments().keySet());
        }

        @Override
        public long remainingMillis() {
            calls.add("remainingMillis");
            return RpcContext.current().remainingTime().map(Duration::toMillis).orElse(-1L);
        }
    }

    static final class FrontImpl implements Front {

        private final Back back;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        FrontImpl(Back back) {
            this.back = back;
        }

        @Override
        public String backAttachment(String name) {
            return back.attachment(name);
        }

        @Override
        public long backRemainingMillis() {
            return back.remainingMillis();
        }

        @Override
        public String slowThenBack(long millis) {
            try {
                Thread.sleep(millis); // the work that uses up the caller's time
                return back.attachment("tenant");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (RuntimeException e) {
                failure.set(e);
                throw e;
            }
        }
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        RpcContext.current().getAttachments().keySet().forEach(RpcContext.current()::removeAttachment);
    }

    @Test
    void whatTheConsumerSetsTravelsWithItsNextCallOnly() throws Exception {
        BackImpl backImpl = new BackImpl();
        serve(RpcServer.builder().registry(registry).threads(1).build().export(Back.class, backImpl, ""));
        Back back = client(RpcClient.builder().registry(registry)).reference(Back.class);

        RpcContext.current().setAttachment("tenant", "acme");
        assertThat(RpcContext.current().getAttachment("tenant")).isEqualTo("acme");

        assertThat(back.attachment("tenant")).isEqualTo("acme");
        assertThat(RpcContext.current().getAttachment("tenant")).isNull();
        assertThat(back.attachment("tenant")).isNull();
        // Every call carries the framework's timeout; the provider's code never sees it.
        assertThat(back.attachment(JsonCodec.TIMEOUT_ATTACHMENT)).isNull();
        RpcContext.current().setAttachment("tenant", "acme");
        assertThat(back.attachmentNames()).containsExactly("tenant");
    }

    @Test
    void anAsynchronousMethodSeesTheCallersAttachmentsWhileItRuns() throws Exception {
        serve(RpcServer.builder().registry(registry).threads(1).build().export(Back.class, new BackImpl(), ""));
        Back back = client(RpcClient.builder().registry(registry)).reference(Back.class);

        RpcContext.current().setAttachment("tenant", "acme");
        CompletableFuture<String> first = back.attachmentLater("tenant");
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("acme");
        assertThat(back.attachmentLater("tenant").get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void theDispatcherRestoresTheThreadsContextAfterServingACall() throws Exception {
        ProviderDispatcher dispatcher = new ProviderDispatcher("default", List.of());
        dispatcher.export(Back.class, new BackImpl(), "");
        RpcContext.current().setAttachment("mine", "kept");
        MethodDescriptor method = MethodDescriptor.forInterface(Back.class).get("attachment(java.lang.String)");
        byte[] body = new JsonCodec().encodeRequest(new Invocation(ServiceKey.of(Back.class, "", "default"), method,
                new Object[] {"tenant"}, Map.of("tenant", "acme")), 5_000);

        String answer = new String(dispatcher.dispatch(new ByteArrayInputStream(body), body.length, 1 << 20, System.nanoTime())
                .get(10, TimeUnit.SECONDS).body());

        assertThat(answer).contains("acme");
        assertThat(RpcContext.current().getCallerAttachments()).isEmpty();
        assertThat(RpcContext.current().remainingTime()).isEmpty();
        assertThat(RpcContext.current().getAttachment("mine")).isEqualTo("kept");
    }

    @Test
    void attachmentsNamedToPropagatePassOnToTheCallsAProviderMakes() throws Exception {
        Front front = twoHops(Duration.ofSeconds(10), Duration.ofSeconds(10));

        RpcContext.current().setAttachment("tenant", "acme").setAttachment("secret", "s3");
        assertThat(front.backAttachment("tenant")).isEqualTo("acme");
        RpcContext.current().setAttachment("tenant", "acme").setAttachment("secret", "s3");
        assertThat(front.backAttachment("secret")).as("not named to propagate").isNull();
    }

    @Test
    void aProvidersCallGetsNoMoreTimeThanItsOwnCallerHasLeft() throws Exception {
        Front front = twoHops(Duration.ofMillis(2_000), Duration.ofSeconds(30));

        long seenByBack = front.backRemainingMillis();

        assertThat(seenByBack).isPositive().isLessThanOrEqualTo(2_000);
    }

    @Test
    void aProvidersCallFailsAtOnceWithTimeoutWhenItsCallerHasNoTimeLeft() throws Exception {
        BackImpl backImpl = new BackImpl();
        FrontImpl frontImpl = frontAndBack(backImpl, Duration.ofSeconds(30));
        Front front = client(RpcClient.builder().registry(registry).defaults(policy(Duration.ofMillis(300)))).reference(Front.class);

        assertThatThrownBy(() -> front.slowThenBack(600)).isInstanceOf(RpcException.class)
                .extracting(e -> ((RpcException) e).code()).isEqualTo(RpcErrorCode.TIMEOUT);

        Awaitility.await("the front's own call failed").atMost(AWAIT).until(() -> frontImpl.failure.get() != null);
        assertThat(frontImpl.failure.get()).isInstanceOf(RpcException.class)
                .hasMessageContaining("No time left")
                .extracting(e -> ((RpcException) e).code()).isEqualTo(RpcErrorCode.TIMEOUT);
        assertThat(backImpl.calls).isEmpty();
    }

    @Test
    void aConsumerCannotSetAReservedNameOrAnOversizedAttachment() {
        RpcContext context = RpcContext.current();

        assertThatThrownBy(() -> context.setAttachment("zkrpc.timeout-ms", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The attachment name zkrpc.timeout-ms is reserved: names starting with 'zkrpc.' belong to zkrpc"
                        + " (an application may set zkrpc.tag)");
        assertThatThrownBy(() -> context.setAttachment("big", "x".repeat(8 * 1024 + 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The attachment big is 8193 characters long, longer than 8192");
        assertThatThrownBy(() -> context.setAttachment("n".repeat(257), "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 256");
        assertThatThrownBy(() -> context.setAttachment("none", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RpcClient.builder().propagate(List.of("zkrpc.secret"))).isInstanceOf(IllegalArgumentException.class);
        for (int i = 0; i < 32; i++) {
            context.setAttachment("a" + i, "v");
        }
        assertThatThrownBy(() -> context.setAttachment("one-too-many", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 32");
        assertThat(context.removeAttachment("a0")).isEqualTo("v");
        context.setAttachment(RpcContext.TAG, "gray");
        assertThat(context.getAttachment("zkrpc.tag")).isEqualTo("gray");
    }

    /** A front that calls a back through a client propagating "tenant", and a consumer of the front. */
    private Front twoHops(Duration consumerTimeout, Duration frontTimeout) throws Exception {
        frontAndBack(new BackImpl(), frontTimeout);
        return client(RpcClient.builder().registry(registry).defaults(policy(consumerTimeout))).reference(Front.class);
    }

    private FrontImpl frontAndBack(BackImpl backImpl, Duration frontTimeout) throws Exception {
        serve(RpcServer.builder().registry(registry).build().export(Back.class, backImpl, ""));
        Back back = client(RpcClient.builder().registry(registry).defaults(policy(frontTimeout)).propagate(List.of("tenant")))
                .reference(Back.class);
        FrontImpl frontImpl = new FrontImpl(back);
        serve(RpcServer.builder().registry(registry).build().export(Front.class, frontImpl, ""));
        return frontImpl;
    }

    private static CallPolicy policy(Duration timeout) {
        return new CallPolicy(timeout, 0, false, "failfast", 2);
    }

    private void serve(RpcServer server) throws Exception {
        resources.add(server);
        server.start();
    }

    private RpcClient client(RpcClient.Builder builder) {
        RpcClient client = builder.build();
        resources.add(client);
        return client;
    }
}
