package io.zkrpc.core.consumer;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import io.zkrpc.core.cache.CacheSettings;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.cluster.CallPolicy;

/**
 * What a consumer asks for when it references a service.
 *
 * <p>Each method's {@link CallPolicy} is the client's default, then {@code overrides}, then the
 * method's {@link io.zkrpc.core.annotation.RpcMethod} annotation, then {@code methodOverrides}
 * for its name: the most specific setting wins.
 *
 * @param type the service interface
 * @param version the service version, empty for none
 * @param loadBalancer the load balancer's name, or empty for the client's default
 * @param overrides settings of every method of this reference
 * @param methodOverrides settings of single methods, by method name
 * @param methodCaches result caches of single methods, by method name, over the method's
 *        {@link io.zkrpc.core.annotation.RpcMethod#cacheTtl()} and {@code cacheMaxSize()}
 */
public record ReferenceConfig<T>(Class<T> type, String version, String loadBalancer, PolicyOverrides overrides,
        Map<String, PolicyOverrides> methodOverrides, Map<String, CacheSettings> methodCaches) {

    public ReferenceConfig {
        Objects.requireNonNull(type, "type");
        if (!type.isInterface()) {
            throw new IllegalArgumentException("A reference needs a service interface, not " + type.getName());
        }
        version = version == null ? "" : version;
        loadBalancer = loadBalancer == null ? "" : loadBalancer;
        overrides = overrides == null ? PolicyOverrides.NONE : overrides;
        methodOverrides = methodOverrides == null ? Map.of() : Map.copyOf(methodOverrides);
        methodCaches = methodCaches == null ? Map.of() : Map.copyOf(methodCaches);
    }

    /** A reference with no result cache configured here (the methods' annotations may declare one). */
    public ReferenceConfig(Class<T> type, String version, String loadBalancer, PolicyOverrides overrides,
            Map<String, PolicyOverrides> methodOverrides) {
        this(type, version, loadBalancer, overrides, methodOverrides, Map.of());
    }

    /** A reference with a timeout for all its methods, {@code null} for the client's default. */
    public ReferenceConfig(Class<T> type, String version, Duration timeout, String loadBalancer) {
        this(type, version, loadBalancer, PolicyOverrides.timeout(timeout), Map.of());
    }

    /** The unversioned service with the client's defaults. */
    public static <T> ReferenceConfig<T> of(Class<T> type) {
        return new ReferenceConfig<>(type, "", "", PolicyOverrides.NONE, Map.of());
    }
}
