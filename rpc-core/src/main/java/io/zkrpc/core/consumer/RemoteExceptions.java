package io.zkrpc.core.consumer;

import java.lang.reflect.Constructor;
import java.util.List;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
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
 */
final class RemoteExceptions {

    /** Longest remote message or type name kept: a reply is not allowed to make the caller's exception huge. */
    private static final int MAX_TEXT = 2048;

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
        if (code == RpcErrorCode.SERVICE_EXCEPTION && type != null) {
            Exception own = rebuild(type, message, invocation);
            if (own != null) {
                return own;
            }
        }
        String remote = type == null ? "" : " (" + type + ")";
        return new RpcException(code, invocation + " on " + instance + " failed" + remote + ": " + message, type, null);
    }

    private Exception rebuild(String typeName, String message, Invocation invocation) {
        MethodDescriptor method = invocation.method();
        Class<?> type = declaredType(typeName, method);
        if (type == null) {
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
            if (!throwable) {
                return null;
            }
        }
        try {
            Constructor<?> constructor = type.getConstructor(String.class);
            return (Exception) constructor.newInstance(message);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
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
