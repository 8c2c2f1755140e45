package io.zkrpc.spring.boot.consumer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
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
 * <p>{@code @RpcReference(fallback = X.class)} takes the application's one bean of class {@code X},
 * which must implement the interface; {@code zkrpc.consumer.services[<interface>].mock=force} makes it
 * answer every call, and spares the reference the {@code check} for instances.
 *
 * <p>Once every singleton is created it warns of each configured service that no point references
 * (a misspelt interface name would otherwise change nothing, silently).
 */
public class RpcReferenceFactory implements SmartInitializingSingleton, BeanFactoryAware {

    private static final Logger log = LoggerFactory.getLogger(RpcReferenceFactory.class);

    private final RpcClient client;
    private final Map<String, ServiceProperties> services;
    private final StartupCheck check;
    private final Map<ReferenceConfig<?>, Object> proxies = new ConcurrentHashMap<>();
    private final Set<String> referenced = ConcurrentHashMap.newKeySet();
    private BeanFactory beanFactory;

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

    /** The factory in which fallback beans are looked up. */
    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beanFactory = beanFactory;
    }

    /**
     * The proxy for a point of type {@code type} annotated with {@code reference}.
     *
     * @param where the field or parameter, named in errors
     * @throws ZkRpcStartupException when the service is to be checked and has no instance, or its
     *         fallback is missing, not one bean, or not an implementation of the interface
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
        Map<String, Duration> staleIfError = new LinkedHashMap<>();
        if (configured != null) {
            for (Map.Entry<String, MethodProperties> method : configured.getMethods().entrySet()) {
                methods.put(method.getKey(), method.getValue().toOverrides());
                caches.put(method.getKey(), method.getValue().toCacheSettings());
                if (method.getValue().getStaleIfError() != null) {
                    staleIfError.put(method.getKey(), method.getValue().getStaleIfError());
                }
            }
        }
        boolean forced = configured != null && configured.getMock() == ServiceProperties.Mock.FORCE;
        Object fallback = fallback(type, reference, forced, where);
        String balancer = configured != null && configured.getLoadBalancer() != null && !configured.getLoadBalancer().isBlank()
                ? configured.getLoadBalancer().trim() : reference.loadBalancer();
        ReferenceConfig<?> config = config(type, reference.version(), balancer, overrides, methods, caches, fallback, forced, staleIfError);
        Object proxy;
        try {
            proxy = proxies.computeIfAbsent(config, client::reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("@RpcReference on " + where + ": " + e.getMessage(), e);
        }
        if (forced) {
            // A forced mock never calls the service: whether it has instances does not matter.
            return proxy;
        }
        Boolean configuredCheck = configured == null ? null : configured.getCheck();
        check.requireInstances(type, reference.version(), configuredCheck != null ? configuredCheck : reference.check() ? Boolean.TRUE : null, where);
        return proxy;
    }

    private static <T> ReferenceConfig<T> config(Class<T> type, String version, String balancer, PolicyOverrides overrides,
            Map<String, PolicyOverrides> methods, Map<String, CacheSettings> caches, Object fallback, boolean forced,
            Map<String, Duration> staleIfError) {
        return new ReferenceConfig<>(type, version, balancer, overrides, methods, caches, type.cast(fallback), forced, staleIfError);
    }

    /**
     * The bean that {@code @RpcReference(fallback)} names, or {@code null} when it names none.
     *
     * @throws ZkRpcStartupException when the class does not implement {@code type}, the application has
     *         no bean or several of it, or the mock is {@code forced} without a fallback
     */
    private Object fallback(Class<?> type, RpcReference reference, boolean forced, Object where) {
        Class<?> named = reference.fallback();
        String property = "zkrpc.consumer.services[" + type.getName() + "].mock";
        if (named == void.class) {
            if (forced) {
                throw new ZkRpcStartupException("The mock of " + type.getName() + " is forced (" + property + "=force), but @RpcReference on "
                        + where + " names no fallback to answer its calls.",
                        "Name a bean implementing " + type.getSimpleName() + " in @RpcReference(fallback = ...), or remove " + property + ".");
            }
            return null;
        }
        if (!type.isAssignableFrom(named)) {
            throw new ZkRpcStartupException("The fallback " + named.getName() + " of @RpcReference on " + where + " does not implement "
                    + type.getName() + ".", "Make " + named.getSimpleName() + " implement " + type.getSimpleName()
                    + ", or name a class that does in @RpcReference(fallback = ...).");
        }
        if (beanFactory == null) {
            throw new IllegalStateException("The fallback " + named.getName() + " of @RpcReference on " + where
                    + " cannot be looked up: this factory has no bean factory");
        }
        try {
            return beanFactory.getBean(named);
        } catch (NoUniqueBeanDefinitionException e) {
            throw new ZkRpcStartupException("The fallback " + named.getName() + " of @RpcReference on " + where + " is not one bean: "
                    + e.getMessage(), "Declare exactly one bean of class " + named.getSimpleName() + ".", e);
        } catch (NoSuchBeanDefinitionException e) {
            throw new ZkRpcStartupException("The fallback " + named.getName() + " of @RpcReference on " + where + " is not a bean.",
                    "Declare a bean of class " + named.getSimpleName() + " (annotate it with @Component in a scanned package, "
                            + "or return it from a @Bean method).", e);
        }
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
