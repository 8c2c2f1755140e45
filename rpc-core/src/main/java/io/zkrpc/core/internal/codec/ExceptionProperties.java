package io.zkrpc.core.internal.codec;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.alibaba.fastjson2.JSONWriter;

import io.zkrpc.core.filter.Invocation;

/**
 * The own properties of an exception, read from its public getters as the result codec reads a
 * bean's, but only those fit to travel: never {@code message}, {@code localizedMessage},
 * {@code cause}, {@code stackTrace} or {@code suppressed} (even when overridden), and never a
 * getter whose declared type or value is, or holds, a {@code Throwable}, a {@code Class}, a
 * {@code StackTraceElement}, anything of {@code java.lang.reflect} or a {@code java.io} stream.
 * The provider and the consumer share this view of a class: the provider sends these properties,
 * the consumer uses only those its own class exposes. The getters are found once per class.
 */
public final class ExceptionProperties {

    /** Longest the encoded properties of one error may be; over it none are sent (the message still is). */
    public static final int MAX_ENCODED_BYTES = 8 * 1024;

    /** What {@code Throwable} itself exposes, whoever overrides it. */
    private static final Set<String> THROWABLE_PROPERTIES = Set.of("message", "localizedMessage", "cause", "stackTrace", "suppressed");

    /**
     * More elements than this cannot fit under {@link #MAX_ENCODED_BYTES} (each takes at least two
     * bytes), so a value holding more is not even looked through.
     */
    private static final int MAX_ELEMENTS = MAX_ENCODED_BYTES / 2;

    private static final ClassValue<Map<String, Method>> GETTERS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            Map<String, Method> getters = new TreeMap<>();
            for (Method method : type.getMethods()) {
                String name = propertyName(method);
                if (name != null && !method.isBridge() && !forbidden(method.getGenericReturnType(), 0)) {
                    getters.putIfAbsent(name, method);
                }
            }
            return Collections.unmodifiableMap(new LinkedHashMap<>(getters));
        }
    };

    private ExceptionProperties() {
    }

    /**
     * The properties {@code exception} may send as the failure of {@code invocation}, or
     * {@code null}: only for a type the method's {@code throws} clause names (it or a supertype
     * other than {@code Throwable}, {@code Exception}, {@code RuntimeException} and {@code Error})
     * or a type of the service interface's package or its subpackages, which is what a consumer
     * trusts by default. Anything else (a framework's exception, say) travels with its type and
     * message only.
     */
    public static Map<String, Object> toSend(Throwable exception, Invocation invocation) {
        return invocation != null && shareable(exception.getClass(), invocation) ? of(exception) : null;
    }

    /** The properties of {@code exception} by name, in name order; {@code null} when it has none. A getter that throws is left out. */
    public static Map<String, Object> of(Throwable exception) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Map.Entry<String, Method> getter : GETTERS.get(exception.getClass()).entrySet()) {
            Object value;
            try {
                value = getter.getValue().invoke(exception);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                continue;
            }
            if (fitToSend(value)) {
                properties.put(getter.getKey(), value);
            }
        }
        return properties.isEmpty() ? null : properties;
    }

    /** The declared types of the properties of {@code type}, by name: what its getters return. */
    public static Map<String, Type> types(Class<?> type) {
        Map<String, Type> types = new LinkedHashMap<>();
        GETTERS.get(type).forEach((name, getter) -> types.put(name, getter.getGenericReturnType()));
        return types;
    }

    /** Whether a value met while encoding (a property, or a property of one) may be written. */
    static boolean fitToWrite(Object value) {
        return value == null || !forbidden(value.getClass(), 0);
    }

    private static boolean shareable(Class<?> type, Invocation invocation) {
        for (Class<?> declared : invocation.method().method().getExceptionTypes()) {
            if (declared != Throwable.class && declared != Exception.class && declared != RuntimeException.class
                    && declared != Error.class && declared.isAssignableFrom(type)) {
                return true;
            }
        }
        String service = packageOf(invocation.service().interfaceName());
        String own = type.getPackageName();
        return own.equals(service) || own.startsWith(service + ".");
    }

    /** Whether {@code value} and everything a collection, map, array or optional of it holds may travel. */
    private static boolean fitToSend(Object value) {
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(value);
        int seen = 0;
        while (!pending.isEmpty()) {
            Object next = pending.pop();
            if (next == null) {
                continue;
            }
            if (++seen > MAX_ELEMENTS || forbidden(next.getClass(), 0)) {
                return false;
            }
            if (next instanceof Collection<?> collection) {
                collection.forEach(pending::push);
            } else if (next instanceof Map<?, ?> map) {
                map.forEach((k, v) -> {
                    pending.push(k);
                    pending.push(v);
                });
            } else if (next instanceof Object[] array) {
                for (Object element : array) {
                    pending.push(element);
                }
            } else if (next instanceof Optional<?> optional) {
                optional.ifPresent(pending::push);
            }
        }
        return true;
    }

    /** Whether {@code type}, or a type it is built from (an element, a type argument, a bound), must never travel. */
    private static boolean forbidden(Type type, int depth) {
        if (depth > 8) {
            return false;
        }
        if (type instanceof Class<?> raw) {
            if (raw.isArray()) {
                return forbidden(raw.getComponentType(), depth + 1);
            }
            return Throwable.class.isAssignableFrom(raw) || raw == Class.class || raw == StackTraceElement.class
                    || raw.getPackageName().equals("java.lang.reflect")
                    || InputStream.class.isAssignableFrom(raw) || OutputStream.class.isAssignableFrom(raw)
                    || Reader.class.isAssignableFrom(raw) || Writer.class.isAssignableFrom(raw);
        }
        if (type instanceof ParameterizedType parameterized) {
            if (forbidden(parameterized.getRawType(), depth + 1)) {
                return true;
            }
            for (Type argument : parameterized.getActualTypeArguments()) {
                if (forbidden(argument, depth + 1)) {
                    return true;
                }
            }
            return false;
        }
        if (type instanceof GenericArrayType array) {
            return forbidden(array.getGenericComponentType(), depth + 1);
        }
        Type[] bounds = type instanceof WildcardType wildcard ? wildcard.getUpperBounds()
                : type instanceof TypeVariable<?> variable ? variable.getBounds() : new Type[0];
        for (Type bound : bounds) {
            if (forbidden(bound, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private static String propertyName(Method method) {
        Class<?> owner = method.getDeclaringClass();
        if (owner == Throwable.class || owner == Exception.class || owner == RuntimeException.class || owner == Object.class
                || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0 || method.getReturnType() == void.class) {
            return null;
        }
        String name = method.getName();
        int prefix = name.startsWith("get") ? 3 : name.startsWith("is") && method.getReturnType() == boolean.class ? 2 : 0;
        if (prefix == 0 || name.length() == prefix) {
            return null;
        }
        String property = Character.toLowerCase(name.charAt(prefix)) + name.substring(prefix + 1);
        return THROWABLE_PROPERTIES.contains(property) ? null : property;
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /**
     * {@code properties} encoded once by a writer of {@code writers} (JSON or JSONB), to travel in an error;
     * {@code null} when there are none, they cannot be written or are longer than {@link #MAX_ENCODED_BYTES}.
     */
    static byte[] encoded(Map<String, Object> properties, Supplier<JSONWriter> writers) {
        if (properties == null) {
            return null;
        }
        try (JSONWriter writer = writers.get()) {
            writer.writeAny(properties);
            byte[] encoded = writer.getBytes();
            return encoded.length <= MAX_ENCODED_BYTES ? encoded : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
