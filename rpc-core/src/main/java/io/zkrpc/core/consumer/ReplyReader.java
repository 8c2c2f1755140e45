package io.zkrpc.core.consumer;

import java.io.IOException;
import java.time.Duration;

import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.codec.Codec;
import io.zkrpc.core.internal.codec.RemoteError;
import io.zkrpc.core.internal.security.UnauthenticatedReply;
import io.zkrpc.core.registry.Instance;

/**
 * Reads the reply to one attempt, trusting nothing in it: a redirect is refused, not followed; the
 * body is read at most up to the size limit (counted after decompression, so that a gzip bomb
 * stops there too); decoding stays within the codec's bounds; and a reply read or decoded after
 * the attempt's deadline fails it with {@code TIMEOUT} rather than arriving late.
 */
final class ReplyReader {

    /** Bytes asked of the source per read: the most the buffer grows past the limit before the check. */
    private static final long CHUNK = 8192;

    /** Longest quoted piece of a reply (a redirect's target) that a message repeats. */
    private static final int MAX_QUOTED = 256;

    /** The codec requests are sent in; a reply is read in the codec its {@code Content-Type} names. */
    private final Codec codec;
    private final long maxResponseSize;
    private final RemoteExceptions exceptions;

    ReplyReader(Codec codec, long maxResponseSize, RemoteExceptions exceptions) {
        if (maxResponseSize <= 0) {
            throw new IllegalArgumentException("maxResponseSize must be positive: " + maxResponseSize);
        }
        this.codec = codec;
        this.maxResponseSize = maxResponseSize;
        this.exceptions = exceptions;
    }

    /**
     * The result that {@code response} carries, or the failure it reports.
     *
     * @param deadline the {@link System#nanoTime()} by which the attempt must be decoded
     * @param subject what a decoding failure's message names: its {@code toString()} is the call and the instance
     * @throws IOException when reading the body fails
     * @throws Exception the rebuilt remote exception, or an {@link RpcException}
     */
    Object read(Response response, Invocation invocation, Instance instance, Duration timeout, long deadline, Object subject)
            throws Exception {
        int status = response.code();
        if (status >= 300 && status < 400) {
            throw new RpcException(RpcErrorCode.PROVIDER_ERROR, invocation + " on " + instance + " got HTTP " + status
                    + " redirecting to " + quoted(response.header("Location")) + "; zkrpc never follows a redirect (is "
                    + instance.url() + " the RPC endpoint?)");
        }
        byte[] body = body(response.body(), invocation, instance);
        checkDeadline(deadline, invocation, instance, timeout, "reading");
        // The provider answers in the codec the request came in; an error it raised before knowing it (or a proxy's) may be JSON.
        Codec replyCodec = Codec.forContentType(response.header("Content-Type"));
        Codec codec = replyCodec == null ? Codec.JSON_CODEC : replyCodec;
        if (status == 415) {
            throw CodecRefusal.of(this.codec, codec.decodeError(body), invocation + " on " + instance);
        }
        if (status == 200) {
            Object result = codec.decodeResult(body, invocation.method(), subject);
            checkDeadline(deadline, invocation, instance, timeout, "decoding");
            return result;
        }
        RemoteError error = codec.decodeError(body);
        if (error == null) {
            if (UnauthenticatedReply.isForeign(status)) {
                throw UnauthenticatedReply.of(status, invocation + " on " + instance, instance.url());
            }
            throw new RpcException(RpcErrorCode.PROVIDER_ERROR, invocation + " on " + instance
                    + " got HTTP " + status + ", which is not a zkrpc answer (is " + instance.url() + " the RPC endpoint?)");
        }
        throw exceptions.translate(error, invocation, instance);
    }

    /** The whole body, refused as soon as it is known to exceed the limit: from its declared length, else while reading. */
    private byte[] body(ResponseBody body, Invocation invocation, Instance instance) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        long declared = body.contentLength();
        if (declared > maxResponseSize) {
            throw tooLarge(invocation, instance, "declares " + declared + " bytes, more than");
        }
        BufferedSource source = body.source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, CHUNK) != -1) {
            if (buffer.size() > maxResponseSize) {
                throw tooLarge(invocation, instance, "exceeds");
            }
        }
        return buffer.readByteArray();
    }

    private RpcException tooLarge(Invocation invocation, Instance instance, String exceeds) {
        return new RpcException(RpcErrorCode.PAYLOAD_TOO_LARGE, invocation + " on " + instance + ": the reply " + exceeds
                + " the " + maxResponseSize + " bytes this consumer accepts (zkrpc.consumer.max-response-size)");
    }

    private static void checkDeadline(long deadline, Invocation invocation, Instance instance, Duration timeout, String step) {
        if (System.nanoTime() - deadline > 0) {
            throw new RpcException(RpcErrorCode.TIMEOUT, invocation + " on " + instance + " timed out after "
                    + timeout.toMillis() + " ms (" + step + " the reply)");
        }
    }

    private static String quoted(String text) {
        if (text == null) {
            return "nowhere";
        }
        return "'" + (text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…") + "'";
    }
}
