package io.zkrpc.core.internal.codec;

import static io.zkrpc.core.internal.codec.RequestErrors.badArgument;
import static io.zkrpc.core.internal.codec.RequestErrors.badRequest;
import static io.zkrpc.core.internal.codec.RequestErrors.checkCount;

import static com.alibaba.fastjson2.JSONB.Constants.BC_ARRAY;
import static com.alibaba.fastjson2.JSONB.Constants.BC_ARRAY_FIX_MIN;
import static com.alibaba.fastjson2.JSONB.Constants.BC_NULL;
import static com.alibaba.fastjson2.JSONB.Constants.BC_OBJECT;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.alibaba.fastjson2.JSONReader;
import com.alibaba.fastjson2.JSONWriter;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.codec.JsonScanner.Slice;
import io.zkrpc.core.provider.RequestLimits;

/**
 * The binary wire format: fastjson2's JSONB, with the envelope of {@link JsonCodec} (a request is
 * the object {@code {service, method, parameterTypes, args, attachments}}, a success the result
 * itself, a failure a {@link RemoteError}) and the values as {@link WireFormat} writes them
 * (dates and times that it writes as ISO-8601 strings stay strings; enums by name).
 *
 * <p>Values are read only as the Java signature declares them. No writer feature is on, so no
 * class name is ever written; {@link JsonbScanner} refuses, before fastjson2 reads anything, a
 * document carrying a class name, a reference or a symbol, and one beyond the bounds (depth, string,
 * collection and number lengths, each announced length against the bytes that remain).
 *
 * <p>The media type {@value #CONTENT_TYPE}: JSONB is fastjson2's own format, registered nowhere
 * (hence {@code x-}), and the body is zkrpc's envelope, not any JSONB document (hence
 * {@code zkrpc}); like {@code application/json}, a browser cannot send it without CORS.
 */
public final class JsonbCodec implements Codec {

    /** The media type of JSONB bodies. */
    public static final String CONTENT_TYPE = "application/x-zkrpc-jsonb";

    private static final Object[] NO_ARGUMENTS = {};

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public byte[] encodeRequest(Invocation invocation, long timeoutMillis) {
        MethodDescriptor method = invocation.method();
        try (JSONWriter writer = WireFormat.jsonbWriter()) {
            writer.startObject();
            writer.writeName("service");
            writer.writeString(invocation.service().serviceId());
            writer.writeName("method");
            writer.writeString(method.name());
            writer.writeName("parameterTypes");
            List<String> types = method.parameterTypeNames();
            writer.startArray(types.size());
            for (String type : types) {
                writer.writeString(type);
            }
            writer.writeName("args");
            Object[] arguments = invocation.arguments();
            writer.startArray(arguments.length);
            for (Object argument : arguments) {
                writer.writeAny(argument);
            }
            if (!invocation.attachments().isEmpty() || timeoutMillis >= 0) {
                writer.writeName("attachments");
                writer.startObject();
                for (Map.Entry<String, String> attachment : invocation.attachments().entrySet()) {
                    writer.writeName(attachment.getKey());
                    writer.writeString(attachment.getValue());
                }
                if (timeoutMillis >= 0) {
                    writer.writeName(JsonCodec.TIMEOUT_ATTACHMENT);
                    writer.writeString(Long.toString(timeoutMillis));
                }
                writer.endObject();
            }
            writer.endObject();
            return writer.getBytes();
        } catch (RuntimeException e) {
            throw new RpcException(RpcErrorCode.SERIALIZATION, "Cannot encode the arguments of " + invocation + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <T> DecodedRequest<T> decodeRequest(byte[] body, RequestLimits limits, MethodResolver<T> resolver) {
        JsonbScanner.Scan scan;
        try {
            scan = JsonbScanner.scanRequest(body, JsonbScanner.Bounds.of(limits));
        } catch (JsonbScanner.Malformed e) {
            throw badRequest(e.getMessage(), e);
        }
        Map<String, Slice> fields = scan.fields();
        String service = string(body, fields.get("service"), "service");
        String methodName = string(body, fields.get("method"), "method");
        if (service == null || methodName == null) {
            throw badRequest("'service' and 'method' are required", null);
        }
        List<String> parameterTypes = strings(body, fields.get("parameterTypes"));
        Map<String, String> attachments = attachments(body, fields.get("attachments"), limits);
        T target = resolver.resolve(service, methodName, parameterTypes);
        MethodDescriptor method = resolver.method(target);
        Object[] arguments = arguments(body, fields.get("args"), scan.arguments(), method, limits);
        return new DecodedRequest<>(target, arguments, attachments);
    }

    @Override
    public byte[] encodeResult(Object result) {
        try (JSONWriter writer = WireFormat.jsonbWriter()) {
            writer.writeAny(result);
            return writer.getBytes();
        } catch (RuntimeException e) {
            throw new RpcException(RpcErrorCode.SERIALIZATION, "Cannot encode a result of type "
                    + result.getClass().getName() + ": " + e, e);
        }
    }

    @Override
    public Object decodeResult(byte[] body, MethodDescriptor method, Object subject) {
        if (method.returnsVoid()) {
            return null;
        }
        try {
            JsonbScanner.check(body, JsonbScanner.Bounds.REPLY);
            Object result;
            try (JSONReader reader = JSONReader.ofJSONB(body, 0, body.length, readContext(JsonBounds.MAX_DEPTH))) {
                result = reader.read(method.resultType());
            }
            if (result == null && method.resultType() instanceof Class<?> type && type.isPrimitive()) {
                throw new RpcException(RpcErrorCode.SERIALIZATION, subject + " returned null for a primitive type");
            }
            return result;
        } catch (RpcException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new RpcException(RpcErrorCode.SERIALIZATION, "Cannot decode the result of " + subject
                    + " as " + method.resultType().getTypeName() + ": " + WireFormat.describe(e),
                    e instanceof Error ? null : e);
        }
    }

    @Override
    public byte[] encodeError(RemoteError error) {
        byte[] properties = ExceptionProperties.encoded(error.properties(), WireFormat::jsonbErrorWriter);
        try (JSONWriter writer = WireFormat.jsonbWriter()) {
            writer.startObject();
            writer.writeName("code");
            writer.writeString(error.code());
            if (error.exceptionType() != null) {
                writer.writeName("exceptionType");
                writer.writeString(error.exceptionType());
            }
            writer.writeName("message");
            writer.writeString(error.message());
            if (properties != null) {
                writer.writeName("properties");
                writer.writeRaw(properties);
            }
            writer.endObject();
            return writer.getBytes();
        }
    }


    @Override
    public RemoteError decodeError(byte[] body) {
        try {
            JsonbScanner.check(body, JsonbScanner.Bounds.REPLY);
            RemoteError error;
            try (JSONReader reader = JSONReader.ofJSONB(body, 0, body.length, readContext(JsonBounds.MAX_DEPTH))) {
                error = reader.read(RemoteError.class);
            }
            return error == null || error.code() == null ? null : error;
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    /** {@link WireFormat}'s read context, auto-type off whatever the application's global fastjson2 settings say. */
    private static JSONReader.Context readContext(int maxDepth) {
        JSONReader.Context context = WireFormat.readContext();
        context.config(JSONReader.Feature.SupportAutoType, false);
        context.setMaxLevel(maxDepth);
        return context;
    }

    private static JSONReader reader(byte[] body, Slice slice, RequestLimits limits) {
        return JSONReader.ofJSONB(body, slice.start(), slice.length(), readContext(limits.maxDepth()));
    }

    private static boolean isNull(byte[] body, Slice slice) {
        return slice == null || body[slice.start()] == BC_NULL;
    }

    private static String string(byte[] body, Slice slice, String field) {
        if (isNull(body, slice)) {
            return null;
        }
        try (JSONReader reader = JSONReader.ofJSONB(body, slice.start(), slice.length(), WireFormat.readContext())) {
            if (!reader.isString()) {
                throw badRequest("'" + field + "' is not a string", null);
            }
            return reader.readString();
        } catch (RpcException e) {
            throw e;
        } catch (RuntimeException e) {
            throw badRequest("'" + field + "' is not a valid string", e);
        }
    }

    private static List<String> strings(byte[] body, Slice slice) {
        if (isNull(body, slice)) {
            return List.of();
        }
        try (JSONReader reader = JSONReader.ofJSONB(body, slice.start(), slice.length(), WireFormat.readContext())) {
            if (!reader.isArray()) {
                throw badRequest("'parameterTypes' is not an array", null);
            }
            int count = reader.startArray();
            List<String> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if (!reader.isString()) {
                    throw badRequest("'parameterTypes' holds something other than strings", null);
                }
                values.add(reader.readString());
            }
            return values;
        } catch (RpcException e) {
            throw e;
        } catch (RuntimeException e) {
            throw badRequest("'parameterTypes' is not an array of strings", e);
        }
    }

    private static Map<String, String> attachments(byte[] body, Slice slice, RequestLimits limits) {
        if (isNull(body, slice)) {
            return Map.of();
        }
        if (body[slice.start()] != BC_OBJECT) {
            throw badRequest("'attachments' is not an object", null);
        }
        Map<String, String> attachments = new HashMap<>(4);
        try (JSONReader reader = reader(body, slice, limits)) {
            reader.nextIfObjectStart();
            int count = 0;
            while (!reader.nextIfObjectEnd()) {
                if (++count > limits.maxAttachments()) {
                    throw badRequest("more than " + limits.maxAttachments() + " attachments", null);
                }
                String key = reader.readFieldName();
                if (reader.nextIfNull()) {
                    continue;
                }
                if (reader.isString()) {
                    attachments.put(key, reader.readString());
                } else if (reader.isObject() || reader.isArray()) {
                    throw badRequest("an attachment that is not a string", null);
                } else {
                    attachments.put(key, String.valueOf(reader.readAny()));
                }
            }
        } catch (RpcException e) {
            throw e;
        } catch (RuntimeException e) {
            throw badRequest("'attachments' is not an object of strings", e);
        }
        return attachments;
    }

    private static Object[] arguments(byte[] body, Slice args, List<Slice> elements, MethodDescriptor method, RequestLimits limits) {
        if (isNull(body, args)) {
            checkCount(0, method);
            return NO_ARGUMENTS;
        }
        if (body[args.start()] < BC_ARRAY_FIX_MIN || body[args.start()] > BC_ARRAY) {
            throw badRequest("'args' is not an array", null);
        }
        checkCount(elements.size(), method);
        Object[] arguments = new Object[elements.size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = argument(body, elements.get(i), method, i, limits);
        }
        return arguments;
    }

    /** Reads one argument from exactly its own bytes, as its declared type, which it must fit wholly. */
    private static Object argument(byte[] body, Slice slice, MethodDescriptor method, int index, RequestLimits limits) {
        Type type = method.genericParameterType(index);
        if (!JsonbScanner.fits(type, body, slice.start())) {
            throw badArgument(method, index, null);
        }
        try (JSONReader reader = reader(body, slice, limits)) {
            Object value = reader.read(type);
            if (!reader.isEnd()) {
                throw badArgument(method, index, null);
            }
            return value;
        } catch (RpcException e) {
            throw e;
        } catch (RuntimeException e) {
            throw badArgument(method, index, e);
        }
    }
}
