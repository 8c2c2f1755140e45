package io.zkrpc.core.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.codec.JsonCodec;
import io.zkrpc.core.internal.codec.RemoteError;
import io.zkrpc.core.registry.ServiceKey;

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

        /** An asynchronous call whose future the test completes. */
        CompletableFuture<String> later();

        /** Fails as a runaway recursion would. */
        void overflow();
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

        final CompletableFuture<String> later = new CompletableFuture<>();

        @Override
        public CompletableFuture<String> never() {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<String> later() {
            return later;
        }

        @Override
        public void overflow() {
            throw new StackOverflowError();
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
    private static final int MAX_REQUEST_SIZE = 8 * 1024 * 1024;

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
        EncodedResponse response = dispatch(request("add(int)", 5));

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("5");
        assertThat(bean.total).hasValue(5);
    }

    @Test
    void unknownServiceIsA404WithCodeUnknownService() {
        EncodedResponse response = dispatch(rawRequest("com.example.Missing", "add", List.of("int"), "[1]"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.UNKNOWN_SERVICE.name());
    }

    @Test
    void methodWithOtherParameterTypesThanExportedIsUnknown() {
        EncodedResponse response = dispatch(rawRequest(SERVICE_ID, "add", List.of("long"), "[1]"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.UNKNOWN_METHOD.name());
        assertThat(bean.total).hasValue(0);
    }

    @Test
    void publicMethodOfTheBeanOutsideTheInterfaceIsNotCallable() {
        EncodedResponse response = dispatch(rawRequest(SERVICE_ID, "secret", List.of(), "[]"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.UNKNOWN_METHOD.name());
        assertThat(bean.secretCalls).hasValue(0);
    }

    @Test
    void exceptionOfTheServiceIsA500NamingItsType() {
        EncodedResponse response = dispatch(request("explode(java.lang.String)", "kaboom"));

        assertThat(response.status()).isEqualTo(500);
        RemoteError error = error(response);
        assertThat(error.code()).isEqualTo(RpcErrorCode.SERVICE_EXCEPTION.name());
        assertThat(error.exceptionType()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.message()).isEqualTo("kaboom");
    }

    @Test
    void aFailedCallOfTheServiceToAnotherIsItsOwnFailureNotThisProvidersRetryableOne() {
        EncodedResponse response = dispatch(request("callDownstream(java.lang.String)", "CONNECT_FAILED"));

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

        EncodedResponse response = dispatchAsync(body).get(5, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(504);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.TIMEOUT.name());
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void malformedBodyIsA400WithCodeBadRequest() {
        EncodedResponse response = dispatch("{\"service\":".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.BAD_REQUEST.name());
    }

    @Test
    void anArgumentOfTheWrongShapeIsA400NotAServiceException() {
        for (String argument : List.of("\"abc\"", "null", "{}", "1.5")) {
            EncodedResponse response = dispatch(rawRequest(SERVICE_ID, "add", List.of("int"), "[" + argument + "]"));

            assertThat(response.status()).as(argument).isEqualTo(400);
            assertThat(error(response).code()).isEqualTo(RpcErrorCode.BAD_REQUEST.name());
        }
        assertThat(bean.total).hasValue(0);
    }

    @Test
    void aStackOverflowErrorIsRethrownNotAnsweredAsTheServicesException() {
        assertThatThrownBy(() -> dispatch(request("overflow()"))).isInstanceOf(StackOverflowError.class);
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void anUnknownServiceIsAnsweredWithoutTheExportedServicesOrTheRequestedName() {
        EncodedResponse response = dispatch(rawRequest("com.example.Missing", "add", List.of("int"), "[1]"));

        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain(SERVICE_ID).doesNotContain("com.example.Missing");
    }

    @Test
    void aMalformedBodyIsAnsweredWithoutEchoingItOrNamingTheLibrary() {
        EncodedResponse response = dispatch(("{\"service\":\"" + SERVICE_ID + "\",\"method\":\"add\",\"parameterTypes\":[\"int\"],"
                + "\"args\":[4294967297],\"marker-7f3a\":1}").getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("marker-7f3a").doesNotContain(SERVICE_ID)
                .doesNotContainIgnoringCase("fastjson").doesNotContain("Exception");
    }

    @Test
    void afterStopAcceptingCallsAreRefusedWith503AndNotRun() {
        dispatcher.stopAccepting();

        EncodedResponse response = dispatch(request("add(int)", 5));

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
        Future<EncodedResponse> running = callers.submit(() -> dispatch(request("block()")));
        await("the call is running").atMost(Duration.ofSeconds(5)).until(() -> dispatcher.inFlight() == 1);
        dispatcher.stopAccepting();

        assertThat(dispatcher.awaitIdle(Duration.ofMillis(50))).isFalse();

        bean.release.countDown();
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(running.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void bodyLargerThanTheLimitIsA413AndNotRunWhetherOrNotItsLengthIsKnown() throws IOException {
        byte[] body = request("add(int)", 5);

        EncodedResponse announced = dispatcher.dispatch(new ByteArrayInputStream(body), body.length, body.length - 1, System.nanoTime()).join();
        EncodedResponse streamed = dispatcher.dispatch(new ByteArrayInputStream(body), -1, body.length - 1, System.nanoTime()).join();

        assertThat(announced.status()).isEqualTo(413);
        assertThat(error(announced).code()).isEqualTo(RpcErrorCode.PAYLOAD_TOO_LARGE.name());
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(bean.total).hasValue(0);
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void aShortRequestAfterALongOneReadsOnlyItsOwnBytes() {
        EncodedResponse described = dispatch(request("describe(java.lang.String)", "x".repeat(20_000)));
        EncodedResponse add = dispatch(request("add(int)", 5));

        assertThat(described.status()).isEqualTo(200);
        assertThat(add.status()).as("decoded from a reused buffer longer than the request").isEqualTo(200);
        assertThat(new String(add.body(), StandardCharsets.UTF_8)).isEqualTo("5");
    }

    @Test
    void bodyOfExactlyTheLimitIsServed() throws IOException {
        byte[] body = request("add(int)", 5);

        EncodedResponse response = dispatcher.dispatch(new ByteArrayInputStream(body), -1, body.length, System.nanoTime()).join();

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void bodyShorterThanItsAnnouncedLengthIsABadRequest() throws IOException {
        byte[] body = request("add(int)", 5);

        EncodedResponse response = dispatcher.dispatch(new ByteArrayInputStream(body), body.length + 10, MAX_REQUEST_SIZE, System.nanoTime()).join();

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response).code()).isEqualTo(RpcErrorCode.BAD_REQUEST.name());
        assertThat(bean.total).hasValue(0);
    }

    @Test
    void theCallersDeadlineCountsFromTheRequestsArrivalNotFromItsDispatch() throws IOException {
        byte[] body = ("{\"service\":\"" + SERVICE_ID + "\",\"method\":\"add\",\"parameterTypes\":[\"int\"],\"args\":[5],"
                + "\"attachments\":{\"zkrpc.timeout-ms\":\"60000\"}}").getBytes(StandardCharsets.UTF_8);
        long arrivedTwoMinutesAgo = System.nanoTime() - Duration.ofMinutes(2).toNanos();

        EncodedResponse late = dispatcher.dispatch(new ByteArrayInputStream(body), body.length, MAX_REQUEST_SIZE, arrivedTwoMinutesAgo).join();
        EncodedResponse inTime = dispatch(body);

        assertThat(late.status()).isEqualTo(504);
        assertThat(error(late).code()).isEqualTo(RpcErrorCode.TIMEOUT.name());
        assertThat(inTime.status()).isEqualTo(200);
        assertThat(bean.total).hasValue(5);
    }

    @Test
    void anAsynchronousCallIsAnsweredWithTheValueOfItsFuture() throws Exception {
        CompletableFuture<EncodedResponse> response = dispatchAsync(request("later()"));
        assertThat(response).isNotDone();
        assertThat(dispatcher.inFlight()).isEqualTo(1);

        bean.later.complete("done");

        assertThat(response.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(new String(response.join().body(), StandardCharsets.UTF_8)).isEqualTo("\"done\"");
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void theServicesReplyNamesTheExceptionButCarriesNoStackTrace() {
        EncodedResponse response = dispatch(request("explode(java.lang.String)", "kaboom"));

        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("CounterImpl").doesNotContain("at io.zkrpc");
    }

    private EncodedResponse dispatch(byte[] body) {
        return dispatchAsync(body).join();
    }

    private CompletableFuture<EncodedResponse> dispatchAsync(byte[] body) {
        try (InputStream in = new ByteArrayInputStream(body)) {
            return dispatcher.dispatch(in, body.length, MAX_REQUEST_SIZE, System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
