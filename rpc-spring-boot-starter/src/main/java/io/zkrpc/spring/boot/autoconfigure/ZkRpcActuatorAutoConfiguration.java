package io.zkrpc.spring.boot.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.actuate.RegistryHealthIndicator;
import io.zkrpc.spring.boot.actuate.ZkRpcEndpoint;

/** The {@code zkrpc} Actuator endpoint and the registry health indicator, when Actuator is present. */
@AutoConfiguration(after = ZkRpcAutoConfiguration.class)
public final class ZkRpcActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    static final class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean({RegistryCenter.class, RpcClient.class})
        @ConditionalOnAvailableEndpoint
        ZkRpcEndpoint zkrpcEndpoint(RegistryCenter registry, RpcClient client) {
            return new ZkRpcEndpoint(registry, client);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
    static final class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "zkrpcRegistryHealthIndicator")
        @ConditionalOnBean(RegistryCenter.class)
        @ConditionalOnEnabledHealthIndicator("zkrpcRegistry")
        RegistryHealthIndicator zkrpcRegistryHealthIndicator(RegistryCenter registry) {
            return new RegistryHealthIndicator(registry);
        }
    }
}
