package io.zkrpc.core.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.codec.JsonCodec;
import io.zkrpc.core.internal.observation.Scope;
import io.zkrpc.core.internal.observation.ServerCallObserver;
import io.zkrpc.core.internal.observation.CallOutcome;
import io.zkrpc.core.provider.RequestLimits;
import io.zkrpc.core.provider.RpcServerListener;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.security.CallAuthentication;

/** What the dispatcher tells its observer: each call stopped exactly once, with the outcome the caller is answered with. */
class ObservedDispatchTest {

    public interface Shop {
        /** A value the codec cannot encode. */
        Unencodable broken();

        /** The same, from a future. */
        CompletableFuture<Unencodable> brokenLater();

        /** A stage that cannot be handed off: its {@code toCompletableFuture()} throws. */
        CompletionStage<String> unhandable();

        String fine();
    }

    /** A getter that throws: fastjson2 cannot write it. */
    public static final class Unencodable {
        public String getName() {
            throw new IllegalStateException("no name today");
        }
    }

    public static final class ShopImpl implements Shop {
        @Override
        public Unencodable broken() {
            return new Unencodable();
        }

        @Override
        public CompletableFuture<Unencodable> brokenLater() {
            return CompletableFuture.supplyAsync(Unencodable::new);
        }

        @Override
        public CompletionStage<String> unhandable() {
            return new CompletableFuture<>() {
                @Override
                public CompletableFuture<String> toCompletableFuture() {
                    throw new UnsupportedOperationException("not handed off");
                }
            };
        }

        @Override
        public String fine() {
            return "fine";
        }
    }

    /** Each stop as "outcome error.code", in order. */
    private final List<String> stops = new CopyOnWriteArrayList<>();
    private final ServerCallObserver observer = (invocation, caller) -> new ServerCallObserver.ServerCall() {
        @Override
        public Scope openScope() {
            return Scope.NONE;
        }

        @Override
        public void stop(Throwable failure) {
            stops.add(CallOutcome.of(failure) + " " + CallOutcome.errorCode(failure));
        }
    };
    /** Each rejection as "code from caller", as the observer and the listener were told. */
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final RpcServerListener listener = new RpcServerListener() {
        @Override
        public void onRejected(RpcErrorCode code) {
            rejections.add("listener " + code);
        }
    };
    private final ServerCallObserver rejectionObserver = new ServerCallObserver() {
        @Override
        public ServerCall start(Invocation invocation, String caller) {
            return observer.start(invocation, caller);
        }

        @Override
        public void rejected(RpcErrorCode code, String caller) {
            rejections.add("observer " + code + " from " + caller);
        }
    };
    private final JsonCodec codec = new JsonCodec();
    private final ProviderDispatcher dispatcher = new ProviderDispatcher("test", List.of(), RequestLimits.DEFAULTS,
            CallAuthentication.NONE, rejectionObserver, List.of(listener));

    ObservedDispatchTest() {
        dispatcher.export(Shop.class, new ShopImpl(), "");
    }

    @Test
    void anUnsignedRequestToAProviderRequiringSignaturesIsARejectionNotACall() {
        ProviderDispatcher signed = new ProviderDispatcher("test", List.of(), RequestLimits.DEFAULTS, CallAuthentication.secret("s3cret"),
                rejectionObserver, List.of(listener));
        signed.export(Shop.class, new ShopImpl(), "");

        EncodedResponse response = dispatch(signed, request("fine()")).join();

        assertThat(codec.decodeError(response.body()).code()).isEqualTo(RpcErrorCode.UNAUTHENTICATED.name());
        assertThat(rejections).containsExactly("listener UNAUTHENTICATED", "observer UNAUTHENTICATED from 127.0.0.9");
        assertThat(stops).isEmpty();
    }

    @Test
    void aMalformedBodyIsARejection() {
        dispatch(dispatcher, "{\"service\":".getBytes(java.nio.charset.StandardCharsets.UTF_8)).join();

        assertThat(rejections).containsExactly("listener BAD_REQUEST", "observer BAD_REQUEST from 127.0.0.9");
        assertThat(stops).isEmpty();
    }

    @Test
    void aRequestForAnUnknownServiceIsARejection() {
        String body = "{\"service\":\"com.example.Missing\",\"method\":\"fine\",\"parameterTypes\":[],\"args\":[]}";

        dispatch(dispatcher, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).join();

        assertThat(rejections).containsExactly("listener UNKNOWN_SERVICE", "observer UNKNOWN_SERVICE from 127.0.0.9");
    }

    @Test
    void aRequestDuringShutdownIsARejection() {
        dispatcher.stopAccepting();

        dispatch(dispatcher, request("fine()")).join();

        assertThat(rejections).containsExactly("listener SHUTTING_DOWN", "observer SHUTTING_DOWN from 127.0.0.9");
    }

    @Test
    void aResultThatCannotBeEncodedIsRecordedAsTheSerializationFailureItIsAnsweredWith() {
        EncodedResponse response = dispatch(request("broken()")).join();

        assertThat(codec.decodeError(response.body()).code()).isEqualTo(RpcErrorCode.SERIALIZATION.name());
        assertThat(stops).containsExactly("RPC_ERROR SERIALIZATION");
    }

    @Test
    void anAsynchronousResultThatCannotBeEncodedIsRecordedAsTheSerializationFailureItIsAnsweredWith() throws Exception {
        EncodedResponse response = dispatch(request("brokenLater()")).get(5, TimeUnit.SECONDS);

        assertThat(codec.decodeError(response.body()).code()).isEqualTo(RpcErrorCode.SERIALIZATION.name());
        assertThat(stops).containsExactly("RPC_ERROR SERIALIZATION");
    }

    @Test
    void aStageWhoseHandOffThrowsIsStoppedWithThatFailure() {
        EncodedResponse response = dispatch(request("unhandable()")).join();

        assertThat(codec.decodeError(response.body()).code()).isEqualTo(RpcErrorCode.SERVICE_EXCEPTION.name());
        assertThat(stops).containsExactly("SERVICE_EXCEPTION UnsupportedOperationException");
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void aSuccessIsStoppedOnceAsSuccess() {
        assertThat(dispatch(request("fine()")).join().status()).isEqualTo(200);

        assertThat(stops).containsExactly("SUCCESS none");
        assertThat(rejections).isEmpty();
    }

    private CompletableFuture<EncodedResponse> dispatch(byte[] body) {
        return dispatch(dispatcher, body);
    }

    private static CompletableFuture<EncodedResponse> dispatch(ProviderDispatcher dispatcher, byte[] body) {
        try (InputStream in = new ByteArrayInputStream(body)) {
            return dispatcher.dispatch(in, body.length, 1 << 20, System.nanoTime(), name -> null, "127.0.0.9");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] request(String signature) {
        MethodDescriptor method = MethodDescriptor.forInterface(Shop.class).get(signature);
        return codec.encodeRequest(new Invocation(ServiceKey.of(Shop.class, "", "test"), method, new Object[0], Map.of()));
    }
}
