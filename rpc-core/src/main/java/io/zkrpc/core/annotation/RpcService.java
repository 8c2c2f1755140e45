package io.zkrpc.core.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an implementation class whose interfaces are exported as RPC services.
 *
 * <p>Without {@link #interfaces()} every interface the class implements is exported. With the
 * Spring Boot starter, a class carrying this annotation in the application's packages becomes a
 * bean (exactly one, whether or not it is also a {@code @Component}), and it is registered once
 * the application is ready.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RpcService {

    /** The interfaces to export; empty means every interface the class implements. */
    Class<?>[] interfaces() default {};

    /** The service version; consumers only reach providers of the same version. */
    String version() default "";
}
