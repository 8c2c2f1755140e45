package io.zkrpc.core.internal.codec;

import static io.zkrpc.core.internal.codec.RequestErrors.badArgument;
import static io.zkrpc.core.internal.codec.RequestErrors.badRequest;
import static io.zkrpc.core.internal.codec.RequestErrors.checkCount;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.alibaba.fastjson2.JSONReader;

import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.codec.JsonScanner.Slice;
import io.zkrpc.core.provider.RequestLimits;

/**
 * Decodes a request in one way whatever the order of its fields: {@link JsonScanner} first checks
 * the whole body against the grammar and the limits and finds each field; then the method is
 * resolved, and only then are the arguments read, each as its declared generic type. Every
 * failure is {@code BAD_REQUEST} with a short message that neither echoes the input nor names a
 * library; the cause stays attached for the provider's own logs.
 */
final class RequestReader {

    private static final Object[] NO_ARGUMENTS = {};

    private final RequestLimits limits;

    RequestReader(RequestLimits limits) {
        this.limits = limits;
    }

    <T> DecodedRequest<T> read(byte[] body, MethodResolver<T> resolver) {
        return read(body, body.length, resolver);
    }

    /** Decodes the first {@code length} bytes of {@code body}; nothing decoded refers to the array. */
    <T> DecodedRequest<T> read(byte[] body, int length, MethodResolver<T> resolver) {
        JsonScanner.Scan scan;
        try {
            scan = JsonScanner.scan(body, length, limits);
        } catch (JsonScanner.MalformedJson e) {
            throw badRequest(e.getMessage(), e);
        }
        Map<String, Slice> fields = scan.fields();
        String service = string(body, fields.get("service"), "service");
        String methodName = string(body, fields.get("method"), "method");
        if (service == null || methodName == null) {
            throw badRequest("'service' and 'method' are required", null);
        }
        List<String> parameterTypes = strings(body, fields.get("parameterTypes"));
        Map<String, String> attachments = attachments(body, fields.get("attachments"));
        T target = resolver.resolve(service, methodName, parameterTypes);
        MethodDescriptor method = resolver.method(target);
        Object[] arguments = arguments(body, fields.get("args"), scan.arguments(), method);
        return new DecodedRequest<>(target, arguments, attachments);
    }

    private JSONReader reader(byte[] body, Slice slice) {
        JSONReader.Context context = WireFormat.readContext();
        // Defence in depth: the scanner has bounded the depth already.
        context.setMaxLevel(limits.maxDepth());
        return JSONReader.of(body, slice.start(), slice.length(), StandardCharsets.UTF_8, context);
    }

    private static boolean isNull(byte[] body, Slice slice) {
        return slice == null || body[slice.start()] == 'n';
    }

    private String string(byte[] body, Slice slice, String field) {
        if (isNull(body, slice)) {
            return null;
        }
        if (body[slice.start()] != '"') {
            throw badRequest("'" + field + "' is not a string", null);
        }
        try (JSONReader reader = reader(body, slice)) {
            return reader.readString();
        } catch (RuntimeException e) {
            throw badRequest("'" + field + "' is not a valid string", e);
        }
    }

    private List<String> strings(byte[] body, Slice slice) {
        if (isNull(body, slice)) {
            return List.of();
        }
        if (body[slice.start()] != '[') {
            throw badRequest("'parameterTypes' is not an array", null);
        }
        List<String> values = new ArrayList<>();
        try (JSONReader reader = reader(body, slice)) {
            reader.nextIfArrayStart();
            while (!reader.nextIfArrayEnd()) {
                if (!reader.isString()) {
                    throw badRequest("'parameterTypes' holds something other than strings", null);
                }
                values.add(reader.readString());
            }
        } catch (RpcException e) {
            throw e;
        } catch (RuntimeException e) {
            throw badRequest("'parameterTypes' is not an array of strings", e);
        }
        return values;
    }

    private Map<String, String> attachments(byte[] body, Slice slice) {
        if (isNull(body, slice)) {
            return Map.of();
        }
        if (body[slice.start()] != '{') {
            throw badRequest("'attachments' is not an object", null);
        }
        Map<String, String> attachments = new HashMap<>(4);
        try (JSONReader reader = reader(body, slice)) {
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
                } else if (reader.isNumber() || reader.current() == 't' || reader.current() == 'f') {
                    attachments.put(key, String.valueOf(reader.readAny()));
                } else {
                    throw badRequest("an attachment that is not a string", null);
                }
            }
        } catch (RpcException e) {
            throw e;
        } catch (RuntimeException e) {
            throw badRequest("'attachments' is not an object of strings", e);
        }
        return attachments;
    }

    private Object[] arguments(byte[] body, Slice args, List<Slice> elements, MethodDescriptor method) {
        if (isNull(body, args)) {
            checkCount(0, method);
            return NO_ARGUMENTS;
        }
        if (body[args.start()] != '[') {
            throw badRequest("'args' is not an array", null);
        }
        checkCount(elements.size(), method);
        Object[] arguments = new Object[elements.size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = argument(body, elements.get(i), method, i);
        }
        return arguments;
    }

    /** Reads one argument from exactly its own bytes, as its declared type, which it must fit wholly. */
    private Object argument(byte[] body, Slice slice, MethodDescriptor method, int index) {
        Type type = method.genericParameterType(index);
        if (!ArgumentShape.fits(type, body, slice.start(), slice.end())) {
            throw badArgument(method, index, null);
        }
        try (JSONReader reader = reader(body, slice)) {
            Object value = reader.read(type);
            if (!reader.isEnd()) {
                throw badArgument(method, index, null);
            }
            return value;
        } catch (RpcException e) {
            throw e;
        } catch (RuntimeException e) {
            // fastjson2 fails with more than JSONException on a value of the wrong shape (even ArrayIndexOutOfBoundsException).
            throw badArgument(method, index, e);
        }
    }
}
