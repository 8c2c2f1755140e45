package io.zkrpc.spring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;

import io.zkrpc.core.filter.ProviderFilter;
import io.zkrpc.core.internal.observation.AccessLog;
import io.zkrpc.core.internal.observation.ServerCallObserver;
import io.zkrpc.core.internal.provider.EndpointGuard;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.provider.RpcServerListener;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.properties.ProviderProperties;
import io.zkrpc.spring.boot.properties.SecurityProperties;
import io.zkrpc.spring.boot.properties.ZkRpcProperties;
import io.zkrpc.spring.boot.provider.RpcEndpointServlet;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;
import io.zkrpc.spring.boot.provider.RpcServiceExporter;

/**
 * The provider side, in servlet web applications: the dispatcher and its filters, the endpoint
 * servlet, the export of {@code @RpcService} beans, and their registration lifecycle.
 */
@AutoConfiguration(after = ZkRpcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ServletRegistrationBean.class, WebServerApplicationContext.class})
@EnableConfigurationProperties({ZkRpcProperties.class, ProviderProperties.class, SecurityProperties.class})
public final class ZkRpcProviderAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProviderDispatcher zkrpcProviderDispatcher(ZkRpcProperties common, ProviderProperties properties, ObjectProvider<ProviderFilter> filters,
            SecurityProperties security, ObjectProvider<ServerObservations> observations, ObjectProvider<RpcServerListener> listeners) {
        List<ServerCallObserver> watching = new ArrayList<>(2);
        observations.ifAvailable(observed -> watching.add(observed.observer()));
        if (common.getAccessLog().isEnabled()) {
            watching.add(AccessLog.SERVER);
        }
        return new ProviderDispatcher(common.getEnvironment(), filters.orderedStream().toList(), ProviderEndpointSettings.limits(properties),
                security.toAuthentication(), ServerCallObserver.combine(watching), listeners.orderedStream().toList());
    }

    @Bean
    RpcServiceExporter zkrpcServiceExporter(ApplicationContext context, ProviderDispatcher dispatcher) {
        return new RpcServiceExporter(context, dispatcher);
    }

    @Bean
    @ConditionalOnMissingBean(name = "zkrpcEndpointServlet")
    ServletRegistrationBean<RpcEndpointServlet> zkrpcEndpointServlet(ProviderDispatcher dispatcher, ProviderProperties properties) {
        ServletRegistrationBean<RpcEndpointServlet> registration = new ServletRegistrationBean<>(
                new RpcEndpointServlet(dispatcher, ProviderEndpointSettings.maxRequestBytes(properties),
                        new EndpointGuard(properties.getAllowedOrigins())),
                ProviderEndpointSettings.path(properties));
        registration.setName("zkrpcEndpoint");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    RpcProviderLifecycle zkrpcProviderLifecycle(RegistryCenter registry, ProviderDispatcher dispatcher,
            ProviderProperties properties, Environment environment) {
        return new RpcProviderLifecycle(registry, dispatcher, properties, environment);
    }
}
