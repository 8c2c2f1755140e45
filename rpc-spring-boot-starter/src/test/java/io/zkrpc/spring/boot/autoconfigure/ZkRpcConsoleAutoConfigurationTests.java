package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Servlet;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.spring.boot.console.internal.CallFigures;
import io.zkrpc.spring.boot.console.internal.ConsoleServlet;

/** The console's auto-configuration: off unless enabled, servlet applications only, figures only with a meter registry. */
class ZkRpcConsoleAutoConfigurationTests {

    private static final AutoConfigurations CONSOLE = AutoConfigurations.of(ZkRpcAutoConfiguration.class,
            ZkRpcProviderAutoConfiguration.class, ZkRpcConsoleAutoConfiguration.class);

    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(CONSOLE)
            .withBean(RegistryCenter.class, StaticRegistryCenter::new);

    @Test
    void offByDefault() {
        web.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean("zkrpcConsoleServlet").doesNotHaveBean(MeterFilter.class).doesNotHaveBean(CallFigures.class));
    }

    @Test
    void enabledServesThePageAtItsPathWithFiguresFromTheMeterRegistry() {
        web.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("zkrpc.console.enabled=true", "zkrpc.console.path=/ops/rpc/").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CallFigures.class).hasBean("zkrpcConsolePercentiles");
                    ServletRegistrationBean<?> console = context.getBean("zkrpcConsoleServlet", ServletRegistrationBean.class);
                    assertThat(console.getServlet()).isInstanceOf(ConsoleServlet.class);
                    assertThat(console.getUrlMappings()).containsExactly("/ops/rpc/*");
                });
    }

    @Test
    void withoutAMeterRegistryThePageHasNoFigures() {
        web.withPropertyValues("zkrpc.console.enabled=true").run(context -> assertThat(context).hasNotFailed()
                .hasBean("zkrpcConsoleServlet").doesNotHaveBean(CallFigures.class));
    }

    @Test
    void withoutMicrometerThePageStillWorks() {
        web.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).withPropertyValues("zkrpc.console.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().hasBean("zkrpcConsoleServlet").doesNotHaveBean(CallFigures.class));
    }

    @Test
    void withoutActuatorThePageStillWorks() {
        web.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
                .withPropertyValues("zkrpc.console.enabled=true").run(context -> {
                    assertThat(context).hasNotFailed().hasBean("zkrpcConsoleServlet");
                    Servlet console = context.getBean("zkrpcConsoleServlet", ServletRegistrationBean.class).getServlet();
                    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/zkrpc/console/data");
                    request.setPathInfo("/data");
                    MockHttpServletResponse response = new MockHttpServletResponse();
                    console.service(request, response);
                    assertThat(response.getStatus()).isEqualTo(200);
                    assertThat(response.getContentAsString()).contains("\"status\":{\"registry\":", "\"subscriptions\":[]");
                });
    }

    @Test
    void notInAnApplicationWithoutAServletWebServer() {
        new ApplicationContextRunner().withConfiguration(CONSOLE).withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withPropertyValues("zkrpc.console.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("zkrpcConsoleServlet"));
    }
}
