package io.zkrpc.core.consumer;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.codec.ExceptionProperties;
import io.zkrpc.core.internal.codec.JsonCodec;
import io.zkrpc.core.internal.codec.RemoteError;
import io.zkrpc.core.registry.Instance;

/**
 * Turns an error response into the exception the caller sees. The type named by the reply is
 * rebuilt as itself only when it is trusted: a type the method's {@code throws} clause names, or
 * an exception of an allowed package or its subpackages (the service interface's package unless
 * packages are configured)
 * that the method may throw (unchecked, or declared). A type of any other package is never even
 * loaded, and a trusted one is loaded without being initialised until it has passed every check;
 * otherwise the caller gets an {@link RpcException} {@code SERVICE_EXCEPTION} naming the remote type.
 * A trusted type is rebuilt with its own properties (see {@link #rebuild}); when it cannot be, the
 * {@code RpcException}'s message says why.
 */
final class RemoteExceptions {

    /** Longest remote message or type name kept: a reply is not allowed to make the caller's exception huge. */
    private static final int MAX_TEXT = 2048;

    /** Converts the properties of a remote exception; stateless. */
    private static final JsonCodec CODEC = new JsonCodec();

    private final List<String> packages;

    /**
     * @param packages the packages (with their subpackages) whose exceptions may be rebuilt; empty
     *                 for each service interface's own package
     */
    RemoteExceptions(List<String> packages) {
        this.packages = List.copyOf(packages);
    }

    Exception translate(RemoteError error, Invocation invocation, Instance instance) {
        RpcErrorCode code = RpcErrorCode.fromName(error.code());
        String type = capped(error.exceptionType());
        String message = capped(error.message());
        String unrebuilt = "";
        if (code == RpcErrorCode.SERVICE_EXCEPTION && type != null) {
            Class<?> trusted = trustedType(type, invocation);
            if (trusted != null) {
                Rebuilt own = rebuild(trusted, message, error.properties());
                if (own.exception() != null) {
                    return own.exception();
                }
                unrebuilt = " [not rebuilt as " + trusted.getName() + ": " + own.reason() + "]";
            }
        }
        String remote = type == null ? "" : " (" + type + ")";
        return new RpcException(code, invocation + " on " + instance + " failed" + remote + ": " + message + unrebuilt, type, null);
    }

    /** The exception type named {@code typeName} if the caller may receive it as itself, else {@code null}. */
    private Class<?> trustedType(String typeName, Invocation invocation) {
        MethodDescriptor method = invocation.method();
        Class<?> type = declaredType(typeName, method);
        if (type != null) {
            return type;
        }
        if (!allowed(typeName, invocation)) {
            return null;
        }
        try {
            type = Class.forName(typeName, false, method.method().getDeclaringClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        boolean throwable = RuntimeException.class.isAssignableFrom(type)
                || Exception.class.isAssignableFrom(type) && method.declares(type);
        return throwable ? type : null;
    }

    /**
     * Rebuilds an exception of {@code type} from its message and properties, whatever the shape of
     * its constructors: the public constructor that takes the most of them (a parameter matches a
     * property by name when the class was compiled with {@code -parameters}, else by being the one
     * property of its type; a {@code String} parameter left over takes the message), then the
     * properties no constructor parameter took are set through their setters or fields.
     */
    private static Rebuilt rebuild(Class<?> type, String message, Map<String, Object> received) {
        Map<String, Object> properties = received == null ? Map.of() : received;
        Map<String, Type> declared = ExceptionProperties.types(type);
        Constructor<?>[] constructors = type.getConstructors();
        Arrays.sort(constructors, Comparator.comparingInt(Constructor::getParameterCount));
        String reason = "it has no public constructor";
        for (int i = constructors.length - 1; i >= 0; i--) {
            Constructor<?> constructor = constructors[i];
            Set<String> taken = new HashSet<>();
            Object[] arguments;
            try {
                arguments = arguments(constructor, message, properties, declared, taken);
            } catch (RuntimeException e) {
                reason = "a property does not fit " + constructor.toGenericString() + ": " + e.getMessage();
                continue;
            }
            if (arguments == null) {
                reason = "no public constructor takes its properties " + properties.keySet() + " or its message";
                continue;
            }
            Exception exception;
            try {
                exception = (Exception) constructor.newInstance(arguments);
            } catch (InvocationTargetException e) {
                reason = constructor.toGenericString() + " threw " + e.getCause();
                continue;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                reason = constructor.toGenericString() + " failed: " + e;
                continue;
            }
            String missing = setRest(exception, properties, taken);
            if (missing != null) {
                reason = missing;
                continue;
            }
            return new Rebuilt(exception, null);
        }
        return new Rebuilt(null, reason);
    }

    /** The arguments of {@code constructor}, or {@code null} when a parameter matches nothing. */
    private static Object[] arguments(Constructor<?> constructor, String message, Map<String, Object> properties,
            Map<String, Type> declared, Set<String> taken) {
        Parameter[] parameters = constructor.getParameters();
        Object[] arguments = new Object[parameters.length];
        boolean messageTaken = false;
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            String property;
            if (parameter.isNamePresent()) {
                property = properties.containsKey(parameter.getName()) && !taken.contains(parameter.getName()) ? parameter.getName() : null;
            } else {
                property = onlyOfType(parameter.getType(), properties, declared, taken);
            }
            if (property != null) {
                arguments[i] = CODEC.convertProperty(properties.get(property), parameter.getParameterizedType());
                taken.add(property);
            } else if (parameter.getType() == String.class && !messageTaken) {
                arguments[i] = message;
                messageTaken = true;
            } else if (Throwable.class.isAssignableFrom(parameter.getType())) {
                arguments[i] = null;
            } else {
                return null;
            }
        }
        return arguments;
    }

    /** The one property not yet taken whose getter returns {@code type}, or {@code null} when none or several do. */
    private static String onlyOfType(Class<?> type, Map<String, Object> properties, Map<String, Type> declared, Set<String> taken) {
        String found = null;
        for (String name : properties.keySet()) {
            Type declaredType = declared.get(name);
            if (!taken.contains(name) && declaredType != null && rawType(declaredType) == type) {
                if (found != null) {
                    return null;
                }
                found = name;
            }
        }
        return found;
    }

    /** Sets the properties no constructor parameter took; the reason one cannot be set, or {@code null}. */
    private static String setRest(Exception exception, Map<String, Object> properties, Set<String> taken) {
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            if (taken.contains(property.getKey())) {
                continue;
            }
            Field field = field(exception.getClass(), property.getKey());
            if (field == null) {
                return "no constructor parameter or field takes its property '" + property.getKey() + "'";
            }
            try {
                field.setAccessible(true);
                field.set(exception, CODEC.convertProperty(property.getValue(), field.getGenericType()));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return "its property '" + property.getKey() + "' cannot be set: " + e.getMessage();
            }
        }
        return null;
    }

    /** The instance field {@code name} of {@code type} or a superclass below {@code Throwable}. */
    private static Field field(Class<?> type, String name) {
        for (Class<?> owner = type; owner != null && owner != Throwable.class; owner = owner.getSuperclass()) {
            for (Field field : owner.getDeclaredFields()) {
                if (field.getName().equals(name) && !Modifier.isStatic(field.getModifiers())) {
                    return field;
                }
            }
        }
        return null;
    }

    private static Class<?> rawType(Type type) {
        if (type instanceof Class<?> raw) {
            return raw;
        }
        return type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw ? raw : null;
    }

    /** A rebuilt exception, or why there is none. */
    private record Rebuilt(Exception exception, String reason) {
    }

    /** The exception type of the method's {@code throws} clause named {@code typeName}, found without any lookup by name. */
    private static Class<?> declaredType(String typeName, MethodDescriptor method) {
        for (Class<?> declared : method.method().getExceptionTypes()) {
            if (declared.getName().equals(typeName) && Exception.class.isAssignableFrom(declared)) {
                return declared;
            }
        }
        return null;
    }

    private boolean allowed(String typeName, Invocation invocation) {
        String typePackage = packageOf(typeName);
        if (packages.isEmpty()) {
            return within(typePackage, packageOf(invocation.service().interfaceName()));
        }
        for (String allowed : packages) {
            if (within(typePackage, allowed)) {
                return true;
            }
        }
        return false;
    }

    private static boolean within(String typePackage, String allowed) {
        return typePackage.equals(allowed) || typePackage.startsWith(allowed + ".");
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static String capped(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
