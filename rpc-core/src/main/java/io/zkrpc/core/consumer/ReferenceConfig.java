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
 * @param fallback an implementation of {@code type} that answers a call failing because the
 *        service could not answer ({@link io.zkrpc.core.RpcErrorCode#unavailable()}), after the
 *        call's retries; {@code null} for none. What it returns or throws is what the caller gets.
 * @param forceFallback whether {@code fallback} answers every call, and nothing is sent nor looked
 *        up in the registry (a mock for development); needs a {@code fallback}
 * @param methodStaleIfError the stale-if-error age of single methods, by method name: when a call
 *        fails because the service could not answer, it is answered with the last good result for
 *        equal arguments if that is younger, before the {@code fallback} is asked
 */
public record ReferenceConfig<T>(Class<T> type, String version, String loadBalancer, PolicyOverrides overrides,
        Map<String, PolicyOverrides> methodOverrides, Map<String, CacheSettings> methodCaches, T fallback, boolean forceFallback,
        Map<String, Duration> methodStaleIfError) {

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
        methodStaleIfError = methodStaleIfError == null ? Map.of() : Map.copyOf(methodStaleIfError);
        if (fallback != null && !type.isInstance(fallback)) {
            throw new IllegalArgumentException("The fallback " + fallback.getClass().getName() + " does not implement " + type.getName());
        }
        if (forceFallback && fallback == null) {
            throw new IllegalArgumentException("A forced mock of " + type.getName() + " needs a fallback to answer its calls");
        }
        methodStaleIfError.forEach((method, age) -> {
            if (age.isZero() || age.isNegative()) {
                throw new IllegalArgumentException(type.getName() + "." + method + ": invalid stale-if-error " + age + " (must be more than 0)");
            }
        });
    }

    /** A reference with result caches configured here, and no fallback nor stale-if-error. */
    public ReferenceConfig(Class<T> type, String version, String loadBalancer, PolicyOverrides overrides,
            Map<String, PolicyOverrides> methodOverrides, Map<String, CacheSettings> methodCaches) {
        this(type, version, loadBalancer, overrides, methodOverrides, methodCaches, null, false, Map.of());
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

    /**
     * This reference with {@code fallback} answering the calls that fail because the service could
     * not answer, or, when {@code force}, every call.
     *
     * @throws IllegalArgumentException when {@code force} is set without a fallback
     */
    public ReferenceConfig<T> withFallback(T fallback, boolean force) {
        return new ReferenceConfig<>(type, version, loadBalancer, overrides, methodOverrides, methodCaches, fallback, force,
                methodStaleIfError);
    }

    /** This reference with the stale-if-error ages of single methods, by method name (each overload of the name). */
    public ReferenceConfig<T> withStaleIfError(Map<String, Duration> methodStaleIfError) {
        return new ReferenceConfig<>(type, version, loadBalancer, overrides, methodOverrides, methodCaches, fallback, forceFallback,
                methodStaleIfError);
    }

    /** The unversioned service with the client's defaults. */
    public static <T> ReferenceConfig<T> of(Class<T> type) {
        return new ReferenceConfig<>(type, "", "", PolicyOverrides.NONE, Map.of());
    }
}
