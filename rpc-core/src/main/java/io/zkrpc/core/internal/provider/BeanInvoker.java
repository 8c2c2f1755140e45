package io.zkrpc.core.internal.provider;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.filter.Invoker;

/**
 * The last link of an exported service's filter chain: calls the method on the service bean
 * through a {@link MethodHandle} prepared at export, spread over the argument array, so that the
 * method's own exception arrives as thrown. A method the handle lookup may not reach (a
 * non-public interface) is called reflectively, as before.
 */
final class BeanInvoker implements Invoker {

    private static final MethodType SPREAD = MethodType.methodType(Object.class, Object.class, Object[].class);

    private final Object bean;
    private final Map<MethodDescriptor, MethodHandle> handles = new IdentityHashMap<>();

    BeanInvoker(Object bean, Collection<MethodDescriptor> methods) {
        this.bean = bean;
        for (MethodDescriptor method : methods) {
            MethodHandle handle = handle(method.method());
            if (handle != null) {
                handles.put(method, handle);
            }
        }
    }

    /** {@code (Object bean, Object[] arguments) -> Object} calling {@code method}, or {@code null} when the lookup may not. */
    private static MethodHandle handle(Method method) {
        try {
            return MethodHandles.lookup().unreflect(method).asSpreader(Object[].class, method.getParameterCount()).asType(SPREAD);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    @Override
    public Object invoke(Invocation invocation) throws Exception {
        MethodHandle handle = handles.get(invocation.method());
        if (handle == null) {
            return reflect(invocation);
        }
        try {
            return (Object) handle.invokeExact(bean, invocation.arguments());
        } catch (Throwable e) {
            // The method's own exception, as thrown: a handle wraps nothing.
            Throwable own = ownFailure(invocation, e);
            if (own instanceof Exception exception) {
                throw exception;
            }
            if (own instanceof Error error) {
                throw error;
            }
            throw new InvocationTargetException(own);
        }
    }

    private Object reflect(Invocation invocation) throws Exception {
        try {
            return invocation.method().method().invoke(bean, invocation.arguments());
        } catch (InvocationTargetException e) {
            Throwable cause = ownFailure(invocation, e.getCause());
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        } catch (IllegalAccessException e) {
            throw new RpcException(RpcErrorCode.PROVIDER_ERROR, "Cannot invoke " + invocation + ": " + e.getMessage(), e);
        }
    }

    /**
     * The service's own call to another service failed: that is this service's failure, not this
     * provider's, so it must not read as "connect failed" or "shutting down" to a caller that would
     * retry it elsewhere.
     */
    static Throwable ownFailure(Invocation invocation, Throwable failure) {
        if (failure instanceof RpcException nested) {
            return new RpcException(RpcErrorCode.SERVICE_EXCEPTION, invocation + " failed: " + nested.getMessage(),
                    RpcException.class.getName(), nested);
        }
        return failure;
    }
}
