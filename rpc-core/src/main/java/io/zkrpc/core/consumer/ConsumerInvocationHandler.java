package io.zkrpc.core.consumer;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;

import io.zkrpc.core.registry.ServiceKey;

/**
 * The proxy's handler: hands each remote method's call to its prepared {@link ConsumerMethod}, runs
 * default methods locally on the proxy (so that their calls of abstract methods are the remote
 * ones), and answers {@code Object} methods locally.
 */
final class ConsumerInvocationHandler implements InvocationHandler {

    private final ServiceKey service;
    private final Map<Method, ConsumerMethod> methods;

    ConsumerInvocationHandler(ServiceKey service, Map<Method, ConsumerMethod> methods) {
        this.service = service;
        this.methods = methods;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        ConsumerMethod remote = methods.get(method);
        if (remote != null) {
            return remote.call(args);
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "zkrpc reference to " + service;
                default -> throw new UnsupportedOperationException(method.toString());
            };
        }
        throw new UnsupportedOperationException("No remote method " + method + " in the reference to " + service);
    }
}
