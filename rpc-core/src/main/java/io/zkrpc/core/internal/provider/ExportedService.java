package io.zkrpc.core.internal.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.zkrpc.core.filter.Filter;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.contract.MethodDigests;
import io.zkrpc.core.internal.filter.FilterChain;
import io.zkrpc.core.registry.ServiceKey;

/**
 * A service bean exported under one interface, with its method table and filter chain prepared
 * once: only the methods of the exported interface are invocable, looked up by their exact signature.
 */
public final class ExportedService {

    private final ServiceKey key;
    private final Class<?> serviceInterface;
    private final Object bean;
    private final Map<String, ExportedMethod> methods;
    private final FilterChain chain;
    /** The digests of the exported methods, as published in the metadata; {@code null} when too many to publish. */
    private final String methodDigests;

    ExportedService(ServiceKey key, Class<?> serviceInterface, Object bean, List<? extends Filter> filters) {
        if (!serviceInterface.isInstance(Objects.requireNonNull(bean, "bean"))) {
            throw new IllegalArgumentException(bean.getClass().getName() + " does not implement " + serviceInterface.getName());
        }
        this.key = key;
        this.serviceInterface = serviceInterface;
        this.bean = bean;
        this.methods = MethodDescriptor.forInterface(serviceInterface).values().stream()
                .collect(Collectors.toUnmodifiableMap(MethodDescriptor::signature, method -> new ExportedMethod(this, method)));
        this.chain = new FilterChain(filters, new BeanInvoker(bean, methods.values().stream().map(ExportedMethod::descriptor).toList()));
        this.methodDigests = MethodDigests.publish(methods.keySet());
    }

    /** The digests of the exported methods as published (see {@link MethodDigests}), or {@code null} when they are too many. */
    String methodDigests() {
        return methodDigests;
    }

    /** The key the service is registered and looked up under. */
    public ServiceKey key() {
        return key;
    }

    /** The exported interface; only its methods can be called remotely, whatever else the bean has. */
    public Class<?> serviceInterface() {
        return serviceInterface;
    }

    /** The object that serves the calls. */
    public Object bean() {
        return bean;
    }

    /** The exported methods, each once. */
    Collection<ExportedMethod> methods() {
        return methods.values();
    }

    /** Runs {@code invocation} through the provider filters and the bean. */
    Object invoke(Invocation invocation) throws Exception {
        return chain.proceed(invocation);
    }

    @Override
    public String toString() {
        return key + " -> " + bean.getClass().getName();
    }
}
