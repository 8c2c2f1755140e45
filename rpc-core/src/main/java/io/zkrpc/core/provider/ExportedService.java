package io.zkrpc.core.provider;

import java.util.Map;
import java.util.Objects;

import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.support.MethodDescriptor;

/**
 * A service bean exported under one interface, with its method table prepared once: only the
 * methods of the exported interface are invocable, looked up by their exact signature.
 */
public final class ExportedService {

    private final ServiceKey key;
    private final Class<?> serviceInterface;
    private final Object bean;
    private final Map<String, MethodDescriptor> methods;

    ExportedService(ServiceKey key, Class<?> serviceInterface, Object bean) {
        if (!serviceInterface.isInstance(Objects.requireNonNull(bean, "bean"))) {
            throw new IllegalArgumentException(bean.getClass().getName() + " does not implement " + serviceInterface.getName());
        }
        this.key = key;
        this.serviceInterface = serviceInterface;
        this.bean = bean;
        this.methods = MethodDescriptor.forInterface(serviceInterface);
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

    /** The method with that exact signature ({@code name(type1,type2)}), or {@code null}. */
    MethodDescriptor method(String signature) {
        return methods.get(signature);
    }

    @Override
    public String toString() {
        return key + " -> " + bean.getClass().getName();
    }
}
