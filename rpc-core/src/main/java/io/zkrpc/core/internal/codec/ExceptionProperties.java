package io.zkrpc.core.internal.codec;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The own properties of an exception, read from its public getters as the result codec reads a
 * bean's: those declared below {@code Throwable}, {@code Exception} and {@code RuntimeException}
 * (so never the message, cause, stack trace or suppressed exceptions).
 */
public final class ExceptionProperties {

    private ExceptionProperties() {
    }

    /** The properties of {@code exception} by name, in declaration order; {@code null} when it has none. */
    public static Map<String, Object> of(Throwable exception) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Method getter : exception.getClass().getMethods()) {
            String name = propertyName(getter);
            if (name == null || properties.containsKey(name)) {
                continue;
            }
            try {
                properties.put(name, getter.invoke(exception));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // A property that cannot be read is not sent; the caller's rebuild says which one is missing.
            }
        }
        return properties.isEmpty() ? null : properties;
    }

    /** The declared types of the properties of {@code type}, by name: what its getters return. */
    public static Map<String, Type> types(Class<?> type) {
        Map<String, Type> types = new LinkedHashMap<>();
        for (Method getter : type.getMethods()) {
            String name = propertyName(getter);
            if (name != null) {
                types.putIfAbsent(name, getter.getGenericReturnType());
            }
        }
        return types;
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
        return Character.toLowerCase(name.charAt(prefix)) + name.substring(prefix + 1);
    }
}
