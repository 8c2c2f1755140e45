package io.zkrpc.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.codec.JsonCodec;
import io.zkrpc.core.codec.RemoteError;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.support.MethodDescriptor;
import io.zkrpc.core.testsupport.Await;

class ProviderDispatcherTest {

    public interface Counter {
        int add(int delta);

        String describe(String label);

        void explode(String message);

        void block();

        /** Fails as a call of this service to another one would, with that call's code. */
        void callDownstream(String code);

        /** An asynchronous call whose future never completes. */
        CompletableFuture<String> never();
    }

    public static final class CounterImpl implements Counter {

        final AtomicInteger total = new AtomicInteger();
        final AtomicInteger secretCalls = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public int add(int delta) {
            return total.addAndGet(delta);
        }

        @Override
        public String describe(String label) {
            return label + "=" + total.get();
        }

        @Override
        public void explode(String message) {
            throw new IllegalStateException(message);
        }

        @Override
        public void block() {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public CompletableFuture<String> never() {
            return new CompletableFuture<>();
        }

        @Override
        public void callDownstream(String code) {
            throw new RpcException(RpcErrorCode.valueOf(code), "downstream is down");
        }

        /** Public on the class, but not part of the exported interface. */
        public int secret() {
            return secretCalls.incrementAndGet();
        }
    }

    private static final String SERVICE_ID = Counter.class.getName();

    private final JsonCodec codec = new JsonCodec();
    private final ProviderDispatcher dispatcher = new ProviderDispatcher("test", List.of());
    private final CounterImpl bean = new CounterImpl();
    private final ExecutorService callers = Executors.newSingleThreadExecutor();

    ProviderDispatcherTest() {
        dispatcher.export(Counter.class, bean, "");
    }

    @AfterEach
    void releaseBlockedCalls() {
        bean.release.countDown();
        callers.shutdownNow();
    }

    @Test
    void answersACallWithStatus200AndTheEncodedResult() {
        EncodedResponse response = dispatcher.dispatch(request("add(int)", 5));

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("5");
        assertThat(bean.total).hasValue(5);
    }

    @Test
    void unknownServiceIsA404WithCodeUnknownService() {
        EncodedResponse response = dispatcher.dispatch(rawRequest("com.example.Missing", "add", List.of("int"), "[1]"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.UNKNOWN_SERVICE.name());
    }

    @Test
    void methodWithOtherParameterTypesThanExportedIsUnknown() {
        EncodedResponse response = dispatcher.dispatch(rawRequest(SERVICE_ID, "add", List.of("long"), "[1]"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.UNKNOWN_METHOD.name());
        assertThat(bean.total).hasValue(0);
    }

    @Test
    void publicMethodOfTheBeanOutsideTheInterfaceIsNotCallable() {
        EncodedResponse response = dispatcher.dispatch(rawRequest(SERVICE_ID, "secret", List.of(), "[]"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.UNKNOWN_METHOD.name());
        assertThat(bean.secretCalls).hasValue(0);
    }

    @Test
    void exceptionOfTheServiceIsA500NamingItsType() {
        EncodedResponse response = dispatcher.dispatch(request("explode(java.lang.String)", "kaboom"));

        assertThat(response.status()).isEqualTo(500);
        RemoteError error = error(response);
        assertThat(error.code()).isEqualTo(RpcErrorCode.SERVICE_EXCEPTION.name());
        assertThat(error.exceptionType()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.message()).isEqualTo("kaboom");
    }

    @Test
    void aFailedCallOfTheServiceToAnotherIsItsOwnFailureNotThisProvidersRetryableOne() {
        EncodedResponse response = dispatcher.dispatch(request("callDownstream(java.lang.String)", "CONNECT_FAILED"));

        assertThat(response.status()).isEqualTo(500);
        RemoteError error = error(response);
        assertThat(error.code()).isEqualTo(RpcErrorCode.SERVICE_EXCEPTION.name());
        assertThat(error.exceptionType()).isEqualTo(RpcException.class.getName());
        assertThat(error.message()).contains("downstream is down").contains("CONNECT_FAILED");
    }

    @Test
    void anAsynchronousCallThatNeverCompletesIsAnsweredWithTimeoutWhenItsCallerStopsWaiting() throws Exception {
        byte[] body = ("{\"service\":\"" + SERVICE_ID + "\",\"method\":\"never\",\"parameterTypes\":[],\"args\":[],"
                + "\"attachments\":{\"zkrpc.timeout-ms\":\"200\"}}").getBytes(StandardCharsets.UTF_8);

        EncodedResponse response = dispatcher.dispatchAsync(body).get(5, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(504);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.TIMEOUT.name());
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void malformedBodyIsA400WithCodeBadRequest() {
        EncodedResponse response = dispatcher.dispatch("{\"service\":".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.BAD_REQUEST.name());
    }

    @Test
    void afterStopAcceptingCallsAreRefusedWith503AndNotRun() {
        dispatcher.stopAccepting();

        EncodedResponse response = dispatcher.dispatch(request("add(int)", 5));

        assertThat(response.status()).isEqualTo(503);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.SHUTTING_DOWN.name());
        assertThat(bean.total).hasValue(0);
    }

    @Test
    void awaitIdleReturnsAtOnceWhenNoCallRuns() throws Exception {
        dispatcher.stopAccepting();

        long start = System.nanoTime();
        boolean idle = dispatcher.awaitIdle(Duration.ofSeconds(5));

        assertThat(idle).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void awaitIdleWaitsForTheRunningCallToFinish() throws Exception {
        Future<EncodedResponse> running = callers.submit(() -> dispatcher.dispatch(request("block()")));
        Await.await(Duration.ofSeconds(5), "the call is running", () -> dispatcher.inFlight() == 1);
        dispatcher.stopAccepting();

        assertThat(dispatcher.awaitIdle(Duration.ofMillis(50))).isFalse();

        bean.release.countDown();
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(running.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    private byte[] request(String signature, Object... arguments) {
        MethodDescriptor method = MethodDescriptor.forInterface(Counter.class).get(signature);
        ServiceKey key = ServiceKey.of(Counter.class, "", "test");
        return codec.encodeRequest(new Invocation(key, method, arguments, Map.of()));
    }

    private static byte[] rawRequest(String service, String method, List<String> parameterTypes, String argsJson) {
        StringBuilder types = new StringBuilder();
        for (String type : parameterTypes) {
            types.append(types.length() == 0 ? "" : ",").append('"').append(type).append('"');
        }
        String json = "{\"service\":\"" + service + "\",\"method\":\"" + method + "\",\"parameterTypes\":[" + types
                + "],\"args\":" + argsJson + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private RemoteError error(EncodedResponse response) {
        RemoteError error = codec.decodeError(response.body());
        assertThat(error).as("error body %s", new String(response.body(), StandardCharsets.UTF_8)).isNotNull();
        return error;
    }
}
