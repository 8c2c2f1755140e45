package io.zkrpc.core.consumer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.codec.JsonCodec;
import io.zkrpc.core.codec.RemoteError;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Sends one invocation to one instance over HTTP, on the shared OkHttp client. */
final class HttpInvoker {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final JsonCodec codec;

    HttpInvoker(OkHttpClient client, JsonCodec codec) {
        this.client = client;
        this.codec = codec;
    }

    Object invoke(Instance instance, Invocation invocation, Duration timeout) throws Exception {
        Request request = new Request.Builder()
                .url(instance.url())
                .post(RequestBody.create(codec.encodeRequest(invocation), JSON))
                .build();
        Call call = client.newCall(request);
        call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        try (Response response = call.execute()) {
            ResponseBody body = response.body();
            byte[] bytes = body == null ? new byte[0] : body.bytes();
            if (response.code() == 200) {
                return codec.decodeResult(bytes, invocation.method());
            }
            RemoteError error = codec.decodeError(bytes);
            if (error == null) {
                throw new RpcException(RpcErrorCode.PROVIDER_ERROR, invocation + " on " + instance
                        + " got HTTP " + response.code() + ", which is not a zkrpc answer (is " + instance.url() + " the RPC endpoint?)");
            }
            throw RemoteExceptions.translate(error, invocation, instance);
        } catch (IOException e) {
            throw transportFailure(e, invocation, instance, timeout);
        }
    }

    private static RpcException transportFailure(IOException e, Invocation invocation, Instance instance, Duration timeout) {
        String where = invocation + " on " + instance;
        if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException
                || String.valueOf(e.getMessage()).toLowerCase().contains("connect timed out")) {
            return new RpcException(RpcErrorCode.CONNECT_FAILED, where + ": cannot connect: " + e.getMessage(), e);
        }
        if (e instanceof InterruptedIOException) {
            return new RpcException(RpcErrorCode.TIMEOUT, where + " timed out after " + timeout.toMillis() + " ms", e);
        }
        return new RpcException(RpcErrorCode.NETWORK_ERROR, where + ": " + e, e);
    }
}
