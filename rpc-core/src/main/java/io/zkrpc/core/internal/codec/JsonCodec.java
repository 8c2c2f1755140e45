package io.zkrpc.core.internal.codec;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONWriter;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.provider.RequestLimits;

/**
 * The default wire format (see {@link Codec}; {@link JsonbCodec} is the other): JSON in UTF-8, written
 * and read with fastjson2.
 *
 * <p>A request is {@code {"service":…,"method":…,"parameterTypes":[…],"args":[…],"attachments":{…}}};
 * a successful response is the result itself; a failed one is a {@link RemoteError}. Values are
 * read only as the Java signature of the service declares them: no class named by a payload is
 * ever instantiated (fastjson2's auto-type stays off). {@link WireFormat} fixes how values look:
 * ISO-8601 dates and times, enums by name (an unknown name fails), maps in their order.
 */
public final class JsonCodec implements Codec {

    /** The attachment that tells the provider how many milliseconds the caller still waits. */
    public static final String TIMEOUT_ATTACHMENT = "zkrpc.timeout-ms";

    /** The media type of JSON bodies. */
    public static final String CONTENT_TYPE = "application/json";

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    /** Encodes the request of {@code invocation}. */
    public byte[] encodeRequest(Invocation invocation) {
        return encodeRequest(invocation, -1);
    }

    /**
     * Encodes the request of {@code invocation}, telling the provider that the caller waits at
     * most {@code timeoutMillis} more (none when negative).
     */
    public byte[] encodeRequest(Invocation invocation, long timeoutMillis) {
        MethodDescriptor method = invocation.method();
        try (JSONWriter writer = WireFormat.writer()) {
            writer.startObject();
            writer.writeName("service");
            writer.writeColon();
            writer.writeString(invocation.service().serviceId());
            writer.writeName("method");
            writer.writeColon();
            writer.writeString(method.name());
            writer.writeName("parameterTypes");
            writer.writeColon();
            writer.startArray();
            List<String> types = method.parameterTypeNames();
            for (int i = 0; i < types.size(); i++) {
                if (i > 0) {
                    writer.writeComma();
                }
                writer.writeString(types.get(i));
            }
            writer.endArray();
            writer.writeName("args");
            writer.writeColon();
            writer.startArray();
            Object[] arguments = invocation.arguments();
            for (int i = 0; i < arguments.length; i++) {
                if (i > 0) {
                    writer.writeComma();
                }
                writer.writeAny(arguments[i]);
            }
            writer.endArray();
            if (!invocation.attachments().isEmpty() || timeoutMillis >= 0) {
                writer.writeName("attachments");
                writer.writeColon();
                writer.startObject();
                for (Map.Entry<String, String> attachment : invocation.attachments().entrySet()) {
                    writer.writeName(attachment.getKey());
                    writer.writeColon();
                    writer.writeString(attachment.getValue());
                }
                if (timeoutMillis >= 0) {
                    writer.writeName(TIMEOUT_ATTACHMENT);
                    writer.writeColon();
                    // A JSON string of the digits, written in place rather than through a String per call.
                    writer.writeRaw('"');
                    writer.writeInt64(timeoutMillis);
                    writer.writeRaw('"');
                }
                writer.endObject();
            }
            writer.endObject();
            return writer.getBytes();
        } catch (JSONException e) {
            throw new RpcException(RpcErrorCode.SERIALIZATION, "Cannot encode the arguments of " + invocation + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a request within the {@link RequestLimits#DEFAULTS default limits}; see {@link #decodeRequest(byte[], RequestLimits, MethodResolver)}. */
    public <T> DecodedRequest<T> decodeRequest(byte[] body, MethodResolver<T> resolver) {
        return decodeRequest(body, RequestLimits.DEFAULTS, resolver);
    }

    /**
     * Decodes a request, resolving its method through {@code resolver} and converting each argument
     * to the method's generic parameter type. The body is checked against {@code limits} and the
     * strict JSON grammar before any value is built; the arguments are read only once the method is
     * known, whatever the order of the fields.
     *
     * @throws RpcException {@code BAD_REQUEST} for a malformed request, or what the resolver raises
     */
    public <T> DecodedRequest<T> decodeRequest(byte[] body, RequestLimits limits, MethodResolver<T> resolver) {
        return new RequestReader(limits).read(body, resolver);
    }

    /**
     * Decodes a request from the first {@code length} bytes of {@code body}, as
     * {@link #decodeRequest(byte[], RequestLimits, MethodResolver)} does; nothing decoded refers to
     * the array, which may be reused once this returns.
     */
    @Override
    public <T> DecodedRequest<T> decodeRequest(byte[] body, int length, RequestLimits limits, MethodResolver<T> resolver) {
        return new RequestReader(limits).read(body, length, resolver);
    }

    /** Encodes a method's result. */
    public byte[] encodeResult(Object result) {
        try (JSONWriter writer = WireFormat.writer()) {
            writer.writeAny(result);
            return writer.getBytes();
        } catch (RuntimeException e) {
            // fastjson2 lets a getter's own exception through, unwrapped: it is as much a failure to encode.
            throw new RpcException(RpcErrorCode.SERIALIZATION, "Cannot encode a result of type "
                    + result.getClass().getName() + ": " + e, e);
        }
    }

    /**
     * Encodes a method's result into the encoder's pooled buffer, from which the answer is written
     * as it is (see {@link EncodedJson}).
     *
     * @throws RpcException {@code SERIALIZATION} when the result cannot be encoded
     */
    public EncodedJson encodeResultInPlace(Object result) {
        JSONWriter writer = WireFormat.writer();
        try {
            writer.writeAny(result);
            return new EncodedJson(writer);
        } catch (RuntimeException e) {
            writer.close();
            // fastjson2 lets a getter's own exception through, unwrapped: it is as much a failure to encode.
            throw new RpcException(RpcErrorCode.SERIALIZATION, "Cannot encode a result of type "
                    + result.getClass().getName() + ": " + e, e);
        }
    }

    /** Decodes a result as the generic return type of {@code method}. */
    public Object decodeResult(byte[] body, MethodDescriptor method) {
        return decodeResult(body, method, method);
    }

    /**
     * Decodes a result as the generic return type of {@code method}, within {@link JsonBounds}'
     * depth and number length; a failure's message names {@code subject} (the call and the
     * instance that answered, say).
     *
     * @throws RpcException {@code SERIALIZATION} when the body is out of bounds or not a value of the type
     */
    public Object decodeResult(byte[] body, MethodDescriptor method, Object subject) {
        if (method.returnsVoid()) {
            return null;
        }
        try {
            JsonBounds.check(body, JsonBounds.MAX_DEPTH, JsonBounds.MAX_NUMBER_LENGTH);
            Object result = JSON.parseObject(body, method.resultType(), WireFormat.readContext());
            if (result == null && method.resultType() instanceof Class<?> type && type.isPrimitive()) {
                throw new RpcException(RpcErrorCode.SERIALIZATION, subject + " returned null for a primitive type");
            }
            return result;
        } catch (RpcException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // RuntimeException: fastjson2 and the result's own constructors raise more than JSONException.
            // StackOverflowError: a backstop under the depth bound; a reply must not take the caller's thread down.
            throw new RpcException(RpcErrorCode.SERIALIZATION, "Cannot decode the result of " + subject
                    + " as " + method.resultType().getTypeName() + ": " + WireFormat.describe(e),
                    e instanceof Error ? null : e);
        }
    }

    /**
     * Encodes a failure as the body of an error response, which consumers read back with
     * {@link #decodeError}. Its properties are left out when fastjson2 cannot write them or when,
     * encoded, they exceed {@link ExceptionProperties#MAX_ENCODED_BYTES}; a value unfit to travel
     * (see {@link ExceptionProperties}) is left out wherever it sits.
     */
    public byte[] encodeError(RemoteError error) {
        // Written field by field, in the order fastjson2 gives a record, so that the properties are encoded once.
        byte[] properties = ExceptionProperties.encoded(error.properties(), WireFormat::errorWriter);
        try (JSONWriter writer = WireFormat.writer()) {
            writer.startObject();
            writer.writeName("code");
            writer.writeColon();
            writer.writeString(error.code());
            if (error.exceptionType() != null) {
                writer.writeName("exceptionType");
                writer.writeColon();
                writer.writeString(error.exceptionType());
            }
            writer.writeName("message");
            writer.writeColon();
            writer.writeString(error.message());
            if (properties != null) {
                writer.writeName("properties");
                writer.writeColon();
                writer.writeRaw(properties);
            }
            writer.endObject();
            return writer.getBytes();
        }
    }


    /**
     * Converts one property of a {@link RemoteError} (as decoded: a JSON value) to {@code type}, read
     * as a result of that type would be.
     *
     * @throws RuntimeException when the value is not one of the type
     */
    public Object convertProperty(Object value, Type type) {
        if (value == null) {
            return null;
        }
        try (JSONWriter writer = WireFormat.writer()) {
            writer.writeAny(value);
            return JSON.parseObject(writer.getBytes(), type, WireFormat.readContext());
        }
    }

    /** Decodes an error body, or returns {@code null} when the body is not one (or is out of {@link JsonBounds}). */
    public RemoteError decodeError(byte[] body) {
        try {
            JsonBounds.check(body, JsonBounds.MAX_DEPTH, JsonBounds.MAX_NUMBER_LENGTH);
            RemoteError error = JSON.parseObject(body, RemoteError.class, WireFormat.readContext());
            return error == null || error.code() == null ? null : error;
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }
}
