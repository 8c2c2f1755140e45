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
import io.zkrpc.core.registry.ServiceKey;

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
    private final JsonCodec codec = new JsonCodec();
    private final ProviderDispatcher dispatcher = new ProviderDispatcher("test", List.of(), io.zkrpc.core.provider.RequestLimits.DEFAULTS,
            io.zkrpc.core.security.CallAuthentication.NONE, observer);

    ObservedDispatchTest() {
        dispatcher.export(Shop.class, new ShopImpl(), "");
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
    }

    private CompletableFuture<EncodedResponse> dispatch(byte[] body) {
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
