package io.zkrpc.spring.boot.fallback.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.spring.boot.diagnostics.ZkRpcStartupException;
import io.zkrpc.spring.boot.fallback.api.StockService;
import io.zkrpc.spring.boot.fallback.consumer.StockFallback;

/**
 * {@code zkrpc.consumer.services[..].mock=force} with no ZooKeeper and no provider anywhere, and the
 * start failures of a fallback that cannot answer.
 */
class ForcedMockTests {

    // In a package of its own: the applications here scan it, and must not find the provider of ..fallback.provider.

    private static final String MOCK = "zkrpc.consumer.services[" + StockService.class.getName() + "].mock=force";

    @TempDir
    Path snapshots;

    @Test
    void aForcedMockAnswersEveryCallWithNoZooKeeperAndNoProvider() throws Exception {
        try (ConfigurableApplicationContext consumer = start(WithFallback.class, MOCK, "zkrpc.consumer.check=true")) {
            StockService stocks = consumer.getBean(Caller.class).stocks;

            assertThat(stocks.price("ACME")).isEqualTo("fallback:ACME");
            assertThat(stocks.priceLater("ACME").get(1, TimeUnit.SECONDS)).isEqualTo("fallback:ACME");
            assertThat(consumer.getBean(StockFallback.class).answers()).isEqualTo(2);
            assertThat(consumer.getBean(RpcClient.class).services()).as("never subscribed").isEmpty();
        }
    }

    @Test
    void withoutTheForcedMockTheSameApplicationFailsItsCheck() {
        assertThatThrownBy(() -> start(WithFallback.class, "zkrpc.consumer.check=true").close())
                .satisfies(failure -> assertThat(startupFailure(failure).getMessage()).contains("No instance of " + StockService.class.getName()));
    }

    @Test
    void aForcedMockWithoutAFallbackFailsTheStart() {
        assertThatThrownBy(() -> start(WithoutFallback.class, MOCK).close()).satisfies(failure -> assertThat(startupFailure(failure).getMessage())
                .startsWith("The mock of " + StockService.class.getName() + " is forced (zkrpc.consumer.services["
                        + StockService.class.getName() + "].mock=force), but @RpcReference on ")
                .endsWith("names no fallback to answer its calls."));
    }

    @Test
    void aFallbackThatIsNotABeanFailsTheStart() {
        assertThatThrownBy(() -> start(MissingFallbackBean.class).close()).satisfies(failure -> assertThat(startupFailure(failure).getMessage())
                .startsWith("The fallback " + StockFallback.class.getName() + " of @RpcReference on ").endsWith(" is not a bean."));
    }

    @Test
    void aFallbackThatDoesNotImplementTheInterfaceFailsTheStart() {
        assertThatThrownBy(() -> start(ForeignFallback.class).close()).satisfies(failure -> assertThat(startupFailure(failure).getMessage())
                .startsWith("The fallback " + NotAStockService.class.getName() + " of @RpcReference on ")
                .endsWith(" does not implement " + StockService.class.getName() + "."));
    }

    /** A consumer whose registry address has nothing listening, so that no ZooKeeper is reached. */
    private ConfigurableApplicationContext start(Class<?> application, String... properties) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
                .properties("zkrpc.registry.address=127.0.0.1:" + closedPort,
                        "zkrpc.registry.connection-timeout=200ms",
                        "zkrpc.registry.snapshot-file=" + snapshots.resolve("snapshot.json"))
                .properties(properties).run();
    }

    private static ZkRpcStartupException startupFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ZkRpcStartupException startup) {
                return startup;
            }
        }
        throw new AssertionError("no ZkRpcStartupException in the causes of " + failure, failure);
    }

    static class Caller {

        @RpcReference(fallback = StockFallback.class)
        StockService stocks;
    }

    static class CallerWithoutFallback {

        @RpcReference
        StockService stocks;
    }

    static class CallerWithForeignFallback {

        @RpcReference(fallback = NotAStockService.class)
        StockService stocks;
    }

    static class NotAStockService {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({Caller.class, StockFallback.class})
    static class WithFallback {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(CallerWithoutFallback.class)
    static class WithoutFallback {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Caller.class)
    static class MissingFallbackBean {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({CallerWithForeignFallback.class, NotAStockService.class})
    static class ForeignFallback {
    }
}
