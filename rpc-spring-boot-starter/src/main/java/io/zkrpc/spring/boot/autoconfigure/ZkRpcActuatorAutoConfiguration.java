package io.zkrpc.spring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.actuate.RegistrationHealthIndicator;
import io.zkrpc.spring.boot.actuate.RegistryHealthIndicator;
import io.zkrpc.spring.boot.actuate.ZkRpcEndpoint;
import io.zkrpc.spring.boot.properties.ZkRpcProperties;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

/**
 * The {@code zkrpc} Actuator endpoint and the health indicators, when Actuator is present: the
 * registry's ({@code zkrpcRegistry}), and in an application that can export services, its
 * registrations' ({@code zkrpcRegistration}), which joins the readiness group of Boot's
 * availability probes.
 */
@AutoConfiguration(after = {ZkRpcAutoConfiguration.class, ZkRpcProviderAutoConfiguration.class},
        afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
public final class ZkRpcActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    static final class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean({RegistryCenter.class, RpcClient.class})
        @ConditionalOnAvailableEndpoint
        ZkRpcEndpoint zkrpcEndpoint(RegistryCenter registry, RpcClient client, ObjectProvider<RpcProviderLifecycle> provider,
                ObjectProvider<ZkRpcProperties> common) {
            ZkRpcProperties properties = common.getIfAvailable(ZkRpcProperties::new);
            return new ZkRpcEndpoint(registry, client, provider::getIfAvailable, properties.getEnvironment());
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

        @Bean
        @ConditionalOnMissingBean(name = "zkrpcRegistrationHealthIndicator")
        @ConditionalOnBean({RegistryCenter.class, RpcProviderLifecycle.class})
        @ConditionalOnEnabledHealthIndicator("zkrpcRegistration")
        RegistrationHealthIndicator zkrpcRegistrationHealthIndicator(RegistryCenter registry, RpcProviderLifecycle provider) {
            return new RegistrationHealthIndicator(registry, provider);
        }

        /**
         * Adds the registration indicator to the readiness group that Boot's availability probes
         * create ({@code management.endpoint.health.probes.enabled}, or on Kubernetes), unless the
         * application names the group's members itself. Only in an application that can export
         * services: a consumer's readiness does not depend on the registry.
         */
        @Bean
        @ConditionalOnBean({RegistryCenter.class, RpcProviderLifecycle.class})
        @ConditionalOnEnabledHealthIndicator("zkrpcRegistration")
        static HealthEndpointGroupsPostProcessor zkrpcReadinessGroup(Environment environment) {
            return ReadinessGroup.unlessSetIn(environment);
        }
    }
}
