package io.zkrpc.core.internal.provider;

import java.lang.reflect.InvocationTargetException;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.filter.Invoker;

/** The last link of an exported service's filter chain: calls the method on the service bean. */
final class BeanInvoker implements Invoker {

    private final Object bean;

    BeanInvoker(Object bean) {
        this.bean = bean;
    }

    @Override
    public Object invoke(Invocation invocation) throws Exception {
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
