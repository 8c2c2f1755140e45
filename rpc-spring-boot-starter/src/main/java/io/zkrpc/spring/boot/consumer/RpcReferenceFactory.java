package io.zkrpc.spring.boot.consumer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.consumer.ReferenceConfig;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.spring.boot.properties.CallProperties;
import io.zkrpc.spring.boot.properties.ServiceProperties;

/**
 * Creates the proxies that {@link RpcReference} points receive: one per interface and settings,
 * shared by every point that asks for the same. The settings are those of the annotation, then
 * those configured for the service under {@code zkrpc.consumer.services}.
 */
public class RpcReferenceFactory {

    private final RpcClient client;
    private final Map<String, ServiceProperties> services;
    private final Map<ReferenceConfig<?>, Object> proxies = new ConcurrentHashMap<>();

    /**
     * Creates proxies with {@code client}, applying the settings configured in {@code services}
     * (keyed by interface name) over those of each annotation.
     */
    public RpcReferenceFactory(RpcClient client, Map<String, ServiceProperties> services) {
        this.client = client;
        this.services = services;
    }

    /**
     * The proxy for a point of type {@code type} annotated with {@code reference}.
     *
     * @param where the field or parameter, named in errors
     */
    public Object proxy(Class<?> type, RpcReference reference, Object where) {
        if (!type.isInterface()) {
            throw new IllegalStateException("@RpcReference on " + where + " needs a service interface type, not " + type.getName());
        }
        PolicyOverrides annotated;
        try {
            annotated = PolicyOverrides.of(reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("@RpcReference on " + where + " has an " + e.getMessage(), e);
        }
        ServiceProperties configured = services.get(type.getName());
        PolicyOverrides overrides = configured == null ? annotated : annotated.and(configured.toOverrides());
        Map<String, PolicyOverrides> methods = new LinkedHashMap<>();
        if (configured != null) {
            for (Map.Entry<String, CallProperties> method : configured.getMethods().entrySet()) {
                methods.put(method.getKey(), method.getValue().toOverrides());
            }
        }
        ReferenceConfig<?> config = new ReferenceConfig<>(type, reference.version(), reference.loadBalancer(), overrides, methods);
        try {
            return proxies.computeIfAbsent(config, client::reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("@RpcReference on " + where + ": " + e.getMessage(), e);
        }
    }
}
