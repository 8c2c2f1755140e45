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
     * The call timeout as a duration ({@code 500ms}, {@code 2s}, or a number of milliseconds);
     * empty takes the consumer's default.
     */
    String timeout() default "";

    /** The load balancer by name ({@code round-robin}, {@code random}); empty takes the default. */
    String loadBalancer() default "";
}
