package io.zkrpc.spring.boot.autoconfigure;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import io.zkrpc.core.internal.observation.MicrometerServerObserver;
import io.zkrpc.core.observation.ZkRpcClientObservationConvention;
import io.zkrpc.core.observation.ZkRpcServerObservationConvention;
import io.zkrpc.spring.boot.consumer.RpcClientBuilderCustomizer;
import io.zkrpc.spring.boot.properties.ProviderProperties;

/**
 * Observations of calls, when the application has an {@link ObservationRegistry} (Spring Boot's
 * actuator or micrometer-observation modules make one): {@code zkrpc.client.requests} on the
 * client, {@code zkrpc.server.requests} on the provider, which give timers with a meter registry
 * and spans with Micrometer Tracing. A {@link ZkRpcClientObservationConvention} or
 * {@link ZkRpcServerObservationConvention} bean replaces the default names and keys. Without a
 * registry nothing of this is created, and the call path costs nothing more.
 *
 * <p>The provider endpoint's requests are not also observed as {@code http.server.requests}: their
 * HTTP headers carry no trace context (it travels in the call's attachments), so each would be a
 * trace of its own, beside the call's {@code zkrpc.server.requests} span in the caller's trace.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class ZkRpcObservationAutoConfiguration {

    @Bean
    RpcClientBuilderCustomizer zkrpcClientObservations(ObservationRegistry registry,
            ObjectProvider<ZkRpcClientObservationConvention> convention) {
        return builder -> builder.observationRegistry(registry).observationConvention(convention.getIfAvailable());
    }

    /** What the provider's dispatcher is given to observe the calls it serves; of a package-private type, not to be declared by users. */
    @Bean
    ServerObservations zkrpcServerObservations(ObservationRegistry registry, ObjectProvider<ZkRpcServerObservationConvention> convention) {
        return new ServerObservations(new MicrometerServerObserver(registry, convention.getIfAvailable()));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(ServerRequestObservationContext.class)
    @EnableConfigurationProperties(ProviderProperties.class)
    static class EndpointHttpObservations {

        @Bean
        ObservationPredicate zkrpcEndpointNotObservedAsHttp(ProviderProperties properties) {
            String path = ProviderEndpointSettings.path(properties);
            return (name, context) -> !(context instanceof ServerRequestObservationContext http
                    && path.equals(http.getCarrier().getServletPath()));
        }
    }
}
