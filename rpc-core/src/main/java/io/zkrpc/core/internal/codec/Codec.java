package io.zkrpc.core.internal.codec;

import java.util.Locale;

import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.provider.RequestLimits;

/**
 * A wire format and the media type that names it: {@link JsonCodec} ({@code application/json}, the
 * default) or {@link JsonbCodec} (fastjson2's JSONB). A consumer sends in the codec it is configured
 * with; a provider answers in the codec the request came in, and both read every reply and request
 * by its {@code Content-Type}.
 */
public interface Codec {

    /** The JSON codec. */
    Codec JSON_CODEC = new JsonCodec();

    /** The JSONB codec. */
    Codec JSONB_CODEC = new JsonbCodec();

    /** The media type of its bodies, as sent in {@code Content-Type}. */
    String contentType();

    /** Encodes the request of {@code invocation}, telling the provider the caller waits at most {@code timeoutMillis} more (none when negative). */
    byte[] encodeRequest(Invocation invocation, long timeoutMillis);

    /**
     * Decodes a request within {@code limits}, resolving its method through {@code resolver}.
     *
     * @throws RpcException {@code BAD_REQUEST} for a malformed request, or what the resolver raises
     */
    <T> DecodedRequest<T> decodeRequest(byte[] body, RequestLimits limits, MethodResolver<T> resolver);

    /**
     * Decodes a request from the first {@code length} bytes of {@code body} (a pooled buffer), as
     * {@link #decodeRequest(byte[], RequestLimits, MethodResolver)} does; nothing decoded refers to
     * the array, which may be reused once this returns. By default on a copy of those bytes.
     */
    default <T> DecodedRequest<T> decodeRequest(byte[] body, int length, RequestLimits limits, MethodResolver<T> resolver) {
        return decodeRequest(length == body.length ? body : java.util.Arrays.copyOf(body, length), limits, resolver);
    }

    /** Encodes a method's result. */
    byte[] encodeResult(Object result);

    /**
     * Decodes a result as the generic return type of {@code method}; a failure names {@code subject}.
     *
     * @throws RpcException {@code SERIALIZATION} when the body is out of bounds or not a value of the type
     */
    Object decodeResult(byte[] body, MethodDescriptor method, Object subject);

    /** Encodes a failure as the body of an error response. */
    byte[] encodeError(RemoteError error);

    /** Decodes an error body, or {@code null} when the body is not one. */
    RemoteError decodeError(byte[] body);

    /**
     * The codec {@code zkrpc.consumer.codec} names: {@code json} or {@code jsonb}.
     *
     * @throws IllegalArgumentException for another name
     */
    static Codec named(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> JSON_CODEC;
            case "jsonb" -> JSONB_CODEC;
            default -> throw new IllegalArgumentException("No codec '" + name + "'; there are json and jsonb");
        };
    }

    /**
     * The codec of a {@code Content-Type}: JSON for {@code application/json} (with at most a UTF-8
     * charset), JSONB for {@link JsonbCodec#CONTENT_TYPE}; {@code null} for anything else.
     */
    static Codec forContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        // What zkrpc's consumers send, without allocating.
        if (contentType.equals(JsonCodec.CONTENT_TYPE)) {
            return JSON_CODEC;
        }
        if (contentType.equals(JsonbCodec.CONTENT_TYPE)) {
            return JSONB_CODEC;
        }
        String type = contentType.trim();
        if (type.equalsIgnoreCase(JsonbCodec.CONTENT_TYPE)) {
            return JSONB_CODEC;
        }
        return isJson(type) ? JSON_CODEC : null;
    }

    /** {@code application/json}, with at most a UTF-8 charset as parameter. */
    private static boolean isJson(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].trim().equals(JsonCodec.CONTENT_TYPE)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].replace(" ", "");
            if (!parameter.isEmpty() && !parameter.equals("charset=utf-8") && !parameter.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }
}
