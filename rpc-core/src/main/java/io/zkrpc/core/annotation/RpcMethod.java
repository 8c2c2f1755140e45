package io.zkrpc.core.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Call settings of one method of a service interface, declared by the interface's author.
 * Consumer configuration of the method (properties) overrides them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RpcMethod {

    /**
     * Whether calling the method twice has the same effect as calling it once: only then are
     * timeouts and server errors retried on another instance. Failures where nothing ran
     * (connection refused, provider shutting down) are retried for every method.
     */
    boolean idempotent() default false;

    /** The timeout of one attempt ({@code 500ms}, {@code 2s}); empty takes the reference's. */
    String timeout() default "";

    /** Further attempts on other instances after a retryable failure; -1 takes the reference's. */
    int retries() default -1;

    /** The cluster strategy: {@code failover}, {@code failfast}, {@code failsafe} or {@code forking}; empty takes the reference's. */
    String cluster() default "";

    /** Parallel attempts of the {@code forking} strategy; -1 takes the reference's. */
    int forks() default -1;

    /**
     * How long a result of the method is answered from this consumer's result cache, for equal
     * arguments, without a remote call ({@code 30s}, {@code 5m}); empty caches nothing. Arguments
     * are compared by value ({@code equals}, arrays by content), so they must have value equality.
     * Failures and {@code null} results are never cached.
     */
    String cacheTtl() default "";

    /** The most results the method's cache holds, beyond it Caffeine evicts by size, frequency-aware; -1 takes the default, 1000. */
    int cacheMaxSize() default -1;
}
