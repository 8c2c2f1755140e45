package io.zkrpc.core.consumer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.codec.Codec;
import io.zkrpc.core.internal.security.CallSigner;
import io.zkrpc.core.registry.Instance;

/**
 * Sends one attempt of an invocation to one instance over HTTP, on the shared OkHttp client:
 * on the caller's thread ({@link #send}), or without blocking it ({@link #sendAsync}). Either way
 * the outcome is a future, already complete for a blocking send.
 */
final class HttpInvoker {

    /** Enough for any realistic set of live instances; past it the cache starts over rather than grow with every restart. */
    private static final int MAX_CACHED_URLS = 4096;

    private final OkHttpClient client;
    private final Codec codec;
    /** The codec's media type, sent as the request's {@code Content-Type}. */
    private final MediaType mediaType;
    private final ReplyReader replies;
    private final CallSigner signer;
    /** Whether {@link #signer} signs anything: asked once, so that an unsigned call builds nothing for it. */
    private final boolean signing;
    private final Map<Instance, HttpUrl> urls = new ConcurrentHashMap<>();

    /** Sends on {@code client}, or on a view of it that follows no redirect when it would. */
    HttpInvoker(OkHttpClient client, Codec codec, ReplyReader replies, CallSigner signer) {
        // A redirect would carry the call's arguments to a host the registry never listed.
        this.client = client.followRedirects() || client.followSslRedirects()
                ? client.newBuilder().followRedirects(false).followSslRedirects(false).build()
                : client;
        this.codec = codec;
        this.mediaType = MediaType.get(codec.contentType());
        this.replies = replies;
        this.signer = signer;
        this.signing = signer.enabled();
    }

    CompletableFuture<Object> send(Instance instance, Invocation invocation, Duration timeout) {
        Exchange exchange = new Exchange(instance, invocation, timeout);
        Call call = newCall(instance, invocation, timeout);
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            exchange.onFailure(call, e);
            return exchange;
        } catch (RuntimeException e) { // from an application's OkHttp interceptor, say: the caller gets it as it is
            return CompletableFuture.failedFuture(e);
        }
        exchange.onResponse(call, response);
        return exchange;
    }

    CompletableFuture<Object> sendAsync(Instance instance, Invocation invocation, Duration timeout) {
        Exchange exchange = new Exchange(instance, invocation, timeout);
        newCall(instance, invocation, timeout).enqueue(exchange);
        return exchange;
    }

    /**
     * One attempt's outcome, the same for a blocking and a queued call: the one place that maps
     * answers and failures. It is the attempt's future itself, and the subject that a decoding
     * failure's message names, so that an attempt allocates neither separately.
     */
    private final class Exchange extends CompletableFuture<Object> implements Callback {

        private final Instance instance;
        private final Invocation invocation;
        private final Duration timeout;
        /** The {@link System#nanoTime()} by which the reply must be read and decoded, not only its headers received. */
        private final long deadline;

        Exchange(Instance instance, Invocation invocation, Duration timeout) {
            this.instance = instance;
            this.invocation = invocation;
            this.timeout = timeout;
            this.deadline = System.nanoTime() + timeout.toNanos();
        }

        @Override
        public void onResponse(Call call, Response response) {
            try {
                complete(replies.read(response, invocation, instance, timeout, deadline, this));
            } catch (IOException e) {
                onFailure(call, e);
            } catch (RpcException e) {
                if (e.code() == RpcErrorCode.PAYLOAD_TOO_LARGE) {
                    call.cancel(); // drops the connection rather than draining the rest of an oversized body
                }
                completeExceptionally(e);
            } catch (Exception e) {
                completeExceptionally(e);
            } catch (Error e) {
                // Neither the caller nor an OkHttp thread (whose future would never complete) gets a raw Error from a reply.
                completeExceptionally(new RpcException(RpcErrorCode.PROVIDER_ERROR, invocation + " on " + instance
                        + ": the reply could not be handled: " + e, e));
            } finally {
                response.close();
            }
        }

        @Override
        public void onFailure(Call call, IOException e) {
            completeExceptionally(transportFailure(e, invocation, instance, timeout));
        }

        /** What a decoding failure's message names: the call and the instance that answered. */
        @Override
        public String toString() {
            return invocation + " on " + instance;
        }
    }

    private Call newCall(Instance instance, Invocation invocation, Duration timeout) {
        byte[] body = codec.encodeRequest(invocation, timeout.toMillis());
        Request.Builder request = new Request.Builder()
                .url(url(instance))
                .post(RequestBody.create(body, mediaType));
        if (signing) {
            signer.sign(invocation, body, request::header);
        }
        Call call = client.newCall(request.build());
        call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return call;
    }

    /** The instance's endpoint URL, parsed once rather than on every call. */
    private HttpUrl url(Instance instance) {
        HttpUrl url = urls.get(instance);
        if (url == null) {
            if (urls.size() >= MAX_CACHED_URLS) {
                urls.clear();
            }
            url = HttpUrl.get(instance.url());
            urls.put(instance, url);
        }
        return url;
    }

    private static RpcException transportFailure(IOException e, Invocation invocation, Instance instance, Duration timeout) {
        String where = invocation + " on " + instance;
        if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException
                || String.valueOf(e.getMessage()).toLowerCase().contains("connect timed out")) {
            return new RpcException(RpcErrorCode.CONNECT_FAILED, where + ": cannot connect: " + e.getMessage(), e);
        }
        if (e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException) {
            // No call was served over a connection whose handshake failed (untrusted or misnamed
            // certificate, a client certificate the provider refused): like a refused connection.
            return new RpcException(RpcErrorCode.CONNECT_FAILED, where + ": TLS handshake failed: " + e.getMessage(), e);
        }
        if (e instanceof InterruptedIOException) {
            return new RpcException(RpcErrorCode.TIMEOUT, where + " timed out after " + timeout.toMillis() + " ms", e);
        }
        return new RpcException(RpcErrorCode.NETWORK_ERROR, where + ": " + e, e);
    }
}
