package io.zkrpc.spring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.micrometer.core.instrument.MeterRegistry;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.metrics.ZkRpcMetrics;

/**
 * zkrpc's counters and gauges ({@link ZkRpcMetrics}), when Micrometer is on the class path and the
 * application has a {@link MeterRegistry} bean (Spring Boot's metrics auto-configuration makes one
 * with {@code spring-boot-starter-actuator}); nothing is loaded otherwise.
 */
@AutoConfiguration(after = ZkRegistryAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, RegistryCenter.class})
public final class ZkRpcMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ZkRpcMetrics zkrpcMetrics(RegistryCenter registry, ObjectProvider<RpcClient> client, ObjectProvider<ProviderDispatcher> dispatcher) {
        return new ZkRpcMetrics(registry, client::getIfAvailable, dispatcher::getIfAvailable);
    }
}
