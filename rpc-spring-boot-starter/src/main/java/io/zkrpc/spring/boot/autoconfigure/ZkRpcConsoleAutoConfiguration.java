package io.zkrpc.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.actuate.ZkRpcStatus;
import io.zkrpc.spring.boot.console.internal.CallFigures;
import io.zkrpc.spring.boot.console.internal.ConsoleServlet;
import io.zkrpc.spring.boot.console.internal.ConsoleView;
import io.zkrpc.spring.boot.console.internal.MeterCallFigures;
import io.zkrpc.spring.boot.properties.ConsoleProperties;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

/**
 * The console page, when {@code zkrpc.console.enabled=true} in a servlet web application: served at
 * {@code zkrpc.console.path} by a servlet of its own, showing the {@link ZkRpcStatus} (with or without
 * Actuator), with calls per second and latency percentiles per method when the application has a
 * {@link MeterRegistry} (whose {@code zkrpc.*} timers then keep their median and 99th percentile).
 */
@AutoConfiguration(after = {ZkRpcAutoConfiguration.class, ZkRpcProviderAutoConfiguration.class},
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(ServletRegistrationBean.class)
@ConditionalOnBooleanProperty("zkrpc.console.enabled")
@EnableConfigurationProperties(ConsoleProperties.class)
public final class ZkRpcConsoleAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "zkrpcConsoleServlet")
    @ConditionalOnBean({RegistryCenter.class, RpcClient.class})
    ServletRegistrationBean<ConsoleServlet> zkrpcConsoleServlet(ConsoleProperties properties, Environment environment,
            RegistryCenter registry, RpcClient client, ObjectProvider<RpcProviderLifecycle> provider,
            ObjectProvider<CallFigures> figures) {
        // The model of the zkrpc Actuator endpoint, built the same way; it needs no Actuator class.
        ZkRpcStatus status = new ZkRpcStatus(registry, client, provider::getIfAvailable);
        ConsoleView view = new ConsoleView(environment.getProperty("spring.application.name", "application"), status,
                figures.getIfUnique());
        ServletRegistrationBean<ConsoleServlet> registration = new ServletRegistrationBean<>(new ConsoleServlet(view),
                properties.normalizedPath() + "/*");
        registration.setName("zkrpcConsole");
        return registration;
    }

    /** The figures, from Micrometer's timers, when the application has a meter registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static final class MetricsConfiguration {

        /** Applied by Boot to its meter registries: the median and 99th percentile of the {@code zkrpc.*} timers. */
        @Bean
        static MeterFilter zkrpcConsolePercentiles() {
            return MeterCallFigures.percentiles();
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(MeterRegistry.class)
        CallFigures zkrpcConsoleCallFigures(MeterRegistry registry) {
            return new MeterCallFigures(registry);
        }
    }
}
