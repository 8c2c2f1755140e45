package io.zkrpc.core.consumer;

import java.lang.reflect.Constructor;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.codec.RemoteError;
import io.zkrpc.core.registry.Instance;

/**
 * Turns an error response into the exception the caller sees: the provider's own exception type
 * when the consumer has that class and the method may throw it (unchecked, or declared), else an
 * {@link RpcException} that names the remote type.
 */
final class RemoteExceptions {

    private RemoteExceptions() {
    }

    static Exception translate(RemoteError error, Invocation invocation, Instance instance) {
        RpcErrorCode code = RpcErrorCode.fromName(error.code());
        if (code == RpcErrorCode.SERVICE_EXCEPTION && error.exceptionType() != null) {
            Exception own = instantiate(error, invocation.method());
            if (own != null) {
                return own;
            }
        }
        String remote = error.exceptionType() == null ? "" : " (" + error.exceptionType() + ")";
        return new RpcException(code, invocation + " on " + instance + " failed" + remote + ": " + error.message(),
                error.exceptionType(), null);
    }

    private static Exception instantiate(RemoteError error, MethodDescriptor method) {
        Class<?> type;
        try {
            type = Class.forName(error.exceptionType(), false, method.method().getDeclaringClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        boolean throwable = RuntimeException.class.isAssignableFrom(type)
                || Exception.class.isAssignableFrom(type) && method.declares(type);
        if (!throwable) {
            return null;
        }
        try {
            Constructor<?> constructor = type.getConstructor(String.class);
            return (Exception) constructor.newInstance(error.message());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
