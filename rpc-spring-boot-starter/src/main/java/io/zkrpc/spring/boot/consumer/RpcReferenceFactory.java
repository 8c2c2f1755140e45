package io.zkrpc.spring.boot.consumer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.cache.CacheSettings;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.consumer.ReferenceConfig;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.spring.boot.diagnostics.ZkRpcStartupException;
import io.zkrpc.spring.boot.properties.MethodProperties;
import io.zkrpc.spring.boot.properties.ServiceProperties;

/**
 * Creates the proxies that {@link RpcReference} points receive: one per interface and settings,
 * shared by every point that asks for the same. The settings are those of the annotation, then
 * those configured for the service under {@code zkrpc.consumer.services}.
 *
 * <p>Once every singleton is created it warns of each configured service that no point references
 * (a misspelt interface name would otherwise change nothing, silently).
 */
public class RpcReferenceFactory implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RpcReferenceFactory.class);

    private final RpcClient client;
    private final Map<String, ServiceProperties> services;
    private final StartupCheck check;
    private final Map<ReferenceConfig<?>, Object> proxies = new ConcurrentHashMap<>();
    private final Set<String> referenced = ConcurrentHashMap.newKeySet();

    /**
     * Creates proxies with {@code client}, applying the settings configured in {@code services}
     * (keyed by interface name) over those of each annotation, and checking no service for instances.
     */
    public RpcReferenceFactory(RpcClient client, Map<String, ServiceProperties> services) {
        this(client, services, null, ServiceKey.DEFAULT_ENVIRONMENT, false);
    }

    /**
     * Creates proxies as {@link #RpcReferenceFactory(RpcClient, Map)} does, and fails the point of
     * a service to be checked that has no instance.
     *
     * @param registry the registry, asked whether it is reachable when an instance is missing; may be {@code null}
     * @param environment the environment of the client's services
     * @param checkByDefault whether a service is checked when neither its settings nor its annotation say
     */
    public RpcReferenceFactory(RpcClient client, Map<String, ServiceProperties> services, RegistryCenter registry,
            String environment, boolean checkByDefault) {
        this.client = client;
        this.services = services;
        this.check = new StartupCheck(client, registry, environment, checkByDefault);
    }

    /**
     * The proxy for a point of type {@code type} annotated with {@code reference}.
     *
     * @param where the field or parameter, named in errors
     * @throws ZkRpcStartupException when the service is to be checked and has no instance
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
        referenced.add(type.getName());
        ServiceProperties configured = services.get(type.getName());
        PolicyOverrides overrides = configured == null ? annotated : annotated.and(configured.toOverrides());
        Map<String, PolicyOverrides> methods = new LinkedHashMap<>();
        Map<String, CacheSettings> caches = new LinkedHashMap<>();
        if (configured != null) {
            for (Map.Entry<String, MethodProperties> method : configured.getMethods().entrySet()) {
                methods.put(method.getKey(), method.getValue().toOverrides());
                caches.put(method.getKey(), method.getValue().toCacheSettings());
            }
        }
        String balancer = configured != null && configured.getLoadBalancer() != null && !configured.getLoadBalancer().isBlank()
                ? configured.getLoadBalancer().trim() : reference.loadBalancer();
        ReferenceConfig<?> config = new ReferenceConfig<>(type, reference.version(), balancer, overrides, methods, caches);
        Object proxy;
        try {
            proxy = proxies.computeIfAbsent(config, client::reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("@RpcReference on " + where + ": " + e.getMessage(), e);
        }
        Boolean configuredCheck = configured == null ? null : configured.getCheck();
        check.requireInstances(type, reference.version(), configuredCheck != null ? configuredCheck : reference.check() ? Boolean.TRUE : null, where);
        return proxy;
    }

    /** Warns once of each service configured under {@code zkrpc.consumer.services} that no point references. */
    @Override
    public void afterSingletonsInstantiated() {
        for (String configured : services.keySet()) {
            if (!referenced.contains(configured)) {
                log.warn("zkrpc.consumer.services[{}] names no interface that an @RpcReference of this application refers to, "
                        + "so its settings apply to nothing; referenced: {}", configured, new TreeSet<>(referenced));
            }
        }
    }
}
