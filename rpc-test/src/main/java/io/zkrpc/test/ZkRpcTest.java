package io.zkrpc.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.annotation.DirtiesContext;

import io.zkrpc.test.internal.ZkRpcKitExtension;

/**
 * Runs a Spring Boot test ({@code @SpringBootTest}) against a real ZooKeeper of its own: the kit starts a
 * curator-test server on 127.0.0.1 and a free port before the application context, points
 * {@code zkrpc.registry.address} at it, starts the {@link #providers()} in-process, and closes all of it
 * with the context after the test class.
 *
 * <p>Test methods receive the {@link ZkRpcKit} as a parameter (or {@code @Autowired}). After each test
 * the kit undoes its faults: ZooKeeper runs again, slow, failing and hung methods are healed, providers
 * started by the test are closed, and declared providers that were killed or stopped are replaced.
 *
 * <pre>{@code
 * @SpringBootTest
 * @ZkRpcTest(providers = MyProviderApplication.class, instances = 2)
 * class CheckoutTests {
 *     @Autowired Checkout checkout; // the application's own bean, calling the providers through @RpcReference
 *
 *     @Test
 *     void fallsBackWhenPricesFail(ZkRpcKit kit) {
 *         kit.providers().forEach(p -> p.fail(PriceService.class, "price", RpcErrorCode.PROVIDER_ERROR));
 *         assertThat(checkout.total("book")).isEqualTo(Checkout.UNKNOWN);
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ZkRpcKitExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface ZkRpcTest {

    /** Provider applications ({@code @SpringBootApplication} classes) started in-process before the test's context. */
    Class<?>[] providers() default {};

    /** How many instances of each of {@link #providers()} to start, each on a free port. */
    int instances() default 1;

    /** Properties ({@code name=value}) given to every declared provider, besides the kit's own. */
    String[] providerProperties() default {};
}
