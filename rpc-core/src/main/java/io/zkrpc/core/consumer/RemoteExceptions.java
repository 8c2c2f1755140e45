package io.zkrpc.core.consumer;

import java.lang.invoke.MethodType;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * A trusted type is rebuilt with the properties its own class exposes (see {@link #rebuild}); when it cannot be, the
 * {@code RpcException}'s message says why.
 */
final class RemoteExceptions {

    private static final Logger log = LoggerFactory.getLogger(RemoteExceptions.class);

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
     * its constructors. Only the properties that {@code type} itself exposes as getters (as
     * {@link ExceptionProperties} sees them) are used; any other (a newer provider's extra getter,
     * say) is ignored. The public constructor that takes the most of them wins: a parameter takes
     * the property of its name when the class was compiled with {@code -parameters}; else the
     * property of its type, when exactly one parameter and one property have that type and it is
     * not a {@code String} that the message could take too; the first {@code String} parameter
     * left over takes the message. Then each property no parameter took is set on the field of its
     * name, if the field's type fits the getter's; a computed getter with no such field is ignored.
     */
    static Rebuilt rebuild(Class<?> type, String message, Map<String, Object> received) {
        Map<String, Type> declared = ExceptionProperties.types(type);
        Map<String, Object> properties = new LinkedHashMap<>();
        if (received != null) {
            received.forEach((name, value) -> {
                if (declared.containsKey(name)) {
                    properties.put(name, value);
                }
            });
            if (properties.size() < received.size() && log.isDebugEnabled()) {
                Set<String> ignored = new TreeSet<>(received.keySet());
                ignored.removeAll(properties.keySet());
                log.debug("Properties {} of a remote {} ignored: the class here has no such getters", ignored, type.getName());
            }
        }
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
            String failed = setRest(exception, properties, declared, taken);
            if (failed != null) {
                reason = failed;
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
            } else if (parameter.getType() == String.class && message != null && !messageTaken) {
                property = null; // the message competes for it: never guess which String is which
            } else {
                property = onlyOfType(parameter.getType(), parameters, properties, declared, taken);
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

    /**
     * The property not yet taken whose getter returns {@code type}, when it is the only property of
     * that type and {@code type} is the type of only one of {@code parameters}; else {@code null}.
     */
    private static String onlyOfType(Class<?> type, Parameter[] parameters, Map<String, Object> properties,
            Map<String, Type> declared, Set<String> taken) {
        if (Arrays.stream(parameters).filter(p -> p.getType() == type).count() != 1) {
            return null;
        }
        String found = null;
        for (String name : properties.keySet()) {
            if (rawType(declared.get(name)) == type) {
                if (found != null) {
                    return null;
                }
                found = name;
            }
        }
        return found == null || taken.contains(found) ? null : found;
    }

    /**
     * Sets the properties no constructor parameter took on the fields of their names whose type fits
     * the getter's (a computed getter without one is skipped); the reason a value cannot be set, or
     * {@code null}.
     */
    private static String setRest(Exception exception, Map<String, Object> properties, Map<String, Type> declared, Set<String> taken) {
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            if (taken.contains(property.getKey())) {
                continue;
            }
            Field field = field(exception.getClass(), property.getKey());
            if (field == null || !fits(field, declared.get(property.getKey()))) {
                log.debug("Property '{}' of a remote {} skipped: no field of its getter's type", property.getKey(), exception.getClass().getName());
                continue;
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

    /** Whether {@code field} can hold what a getter declared as {@code getterType} returns. */
    private static boolean fits(Field field, Type getterType) {
        Class<?> getterRaw = rawType(getterType);
        return getterRaw != null && boxed(field.getType()).isAssignableFrom(boxed(getterRaw));
    }

    private static Class<?> boxed(Class<?> type) {
        return type.isPrimitive() ? MethodType.methodType(type).wrap().returnType() : type;
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
    record Rebuilt(Exception exception, String reason) {
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
