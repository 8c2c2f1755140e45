package io.zkrpc.core.consumer;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.internal.codec.Codec;
import io.zkrpc.core.internal.codec.RemoteError;
import io.zkrpc.core.internal.support.LogText;

/**
 * The HTTP 415 a provider answers to a request whose {@code Content-Type} it does not read (a
 * provider older than the JSONB codec, called by a consumer with {@code zkrpc.consumer.codec=jsonb}),
 * as an {@code UNSUPPORTED_MEDIA_TYPE} failure that says which format was refused and what to do.
 */
final class CodecRefusal {

    /** Longest part of the provider's own message repeated. */
    private static final int MAX_QUOTED = 256;

    private CodecRefusal() {
    }

    /**
     * @param sent the codec the request was sent in
     * @param error the provider's error reply, {@code null} when the body is none
     * @param where the call and the instance
     */
    static RpcException of(Codec sent, RemoteError error, String where) {
        String said = error == null || error.message() == null ? "" : ": " + LogText.clean(error.message(), MAX_QUOTED);
        String advice = sent == Codec.JSON_CODEC
                ? "; is it a zkrpc endpoint?"
                : "; it cannot read zkrpc.consumer.codec=" + name(sent) + ": upgrade the provider or set zkrpc.consumer.codec=json";
        return new RpcException(RpcErrorCode.UNSUPPORTED_MEDIA_TYPE, where + " refused the content type " + sent.contentType()
                + " (HTTP 415" + said + ")" + advice);
    }

    private static String name(Codec codec) {
        return codec == Codec.JSONB_CODEC ? "jsonb" : "json";
    }
}
