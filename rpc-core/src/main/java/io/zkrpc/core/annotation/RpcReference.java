package io.zkrpc.core.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field or constructor parameter, typed with a service interface, that receives a proxy
 * calling the remote service.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface RpcReference {

    /** The service version to call; empty calls the unversioned service. */
    String version() default "";

    /**
     * The timeout of one attempt ({@code 500ms}, {@code 2s}, or a number of milliseconds); empty
     * takes the consumer's default.
     */
    String timeout() default "";

    /** Further attempts on other instances after a retryable failure; -1 takes the consumer's default. */
    int retries() default -1;

    /** The cluster strategy: {@code failover}, {@code failfast}, {@code failsafe} or {@code forking}; empty takes the default. */
    String cluster() default "";

    /** The load balancer by name ({@code round-robin}, {@code random}); empty takes the default. */
    String loadBalancer() default "";

    /**
     * Whether the application fails to start when the service has no instance in the registry
     * (after its first read); {@code false} leaves it to the consumer's default, which is not to
     * check (with Spring Boot, {@code zkrpc.consumer.check}).
     */
    boolean check() default false;

    /**
     * A class implementing the service interface whose bean answers a call that fails because the
     * service could not answer (no instance, cannot connect, timeout, the provider failing or shutting
     * down, the registry unreachable: {@link io.zkrpc.core.RpcErrorCode#unavailable()}), after the
     * call's retries; never a call failing with the service's own exception or a faulty call. What
     * the bean returns or throws is what the caller gets. With Spring Boot the application must have
     * exactly one bean of this class, or it fails to start; with
     * {@code zkrpc.consumer.services[<interface>].mock=force} the bean answers every call.
     * {@code void.class}, the default, has no fallback.
     */
    Class<?> fallback() default void.class;
}
