package io.zkrpc.core.consumer;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.zkrpc.core.filter.FilterChain;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.support.MethodDescriptor;

/**
 * The proxy's handler: answers {@code Object} methods locally and sends every other call,
 * with its prepared method model, through the consumer filter chain.
 */
final class ConsumerInvocationHandler implements InvocationHandler {

    private final ServiceKey service;
    private final Map<Method, MethodDescriptor> methods;
    private final FilterChain chain;

    ConsumerInvocationHandler(ServiceKey service, Map<Method, MethodDescriptor> methods, FilterChain chain) {
        this.service = service;
        this.methods = methods;
        this.chain = chain;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "zkrpc reference to " + service;
                default -> throw new UnsupportedOperationException(method.toString());
            };
        }
        MethodDescriptor descriptor = methods.get(method);
        if (!descriptor.isAsync()) {
            return chain.proceed(new Invocation(service, descriptor, args, Map.of()));
        }
        try {
            return chain.proceed(new Invocation(service, descriptor, args, Map.of()));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
