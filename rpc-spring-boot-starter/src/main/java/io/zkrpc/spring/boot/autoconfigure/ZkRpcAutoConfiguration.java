package io.zkrpc.spring.boot.autoconfigure;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.cluster.LoadBalancer;
import io.zkrpc.core.cluster.Router;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.consumer.RpcClientListener;
import io.zkrpc.core.filter.ConsumerFilter;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.consumer.OkHttpClientCustomizer;
import io.zkrpc.spring.boot.consumer.RpcClientBuilderCustomizer;
import io.zkrpc.spring.boot.consumer.RpcReferenceAutowireCandidateResolver;
import io.zkrpc.spring.boot.consumer.RpcReferenceFactory;
import io.zkrpc.spring.boot.consumer.RpcReferenceFieldInjector;
import io.zkrpc.spring.boot.diagnostics.ZkRpcStartupException;
import io.zkrpc.spring.boot.properties.ConsumerProperties;
import io.zkrpc.spring.boot.properties.SecurityProperties;
import io.zkrpc.spring.boot.properties.ZkRpcProperties;
import io.zkrpc.spring.boot.provider.RpcServiceScanner;

/**
 * The consumer side and what both sides share: the {@link RpcClient} with its filters, routers and
 * load balancers, {@code @RpcReference} injection, and {@code @RpcService} scanning. Needs no web
 * server.
 */
@AutoConfiguration(after = ZkRegistryAutoConfiguration.class, afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@EnableConfigurationProperties({ZkRpcProperties.class, ConsumerProperties.class, SecurityProperties.class})
public final class ZkRpcAutoConfiguration {

    @Bean
    static RpcServiceScanner zkrpcServiceScanner() {
        return new RpcServiceScanner();
    }

    @Bean
    static BeanFactoryPostProcessor zkrpcReferenceResolverInstaller() {
        return RpcReferenceAutowireCandidateResolver.installer();
    }

    @Bean
    static RpcReferenceFieldInjector zkrpcReferenceFieldInjector() {
        return new RpcReferenceFieldInjector();
    }

    @Bean
    @ConditionalOnMissingBean
    RpcClient zkrpcClient(RegistryCenter registry, ZkRpcProperties common, ConsumerProperties properties,
            ObjectProvider<ConsumerFilter> filters, ObjectProvider<Router> routers, Map<String, LoadBalancer> loadBalancers,
            ObjectProvider<OkHttpClientCustomizer> customizers, SecurityProperties security, ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<RpcClientBuilderCustomizer> builderCustomizers, ObjectProvider<RpcClientListener> listeners) {
        RpcClient.Builder builder = RpcClient.builder()
                .registry(registry)
                .environment(common.getEnvironment())
                .defaults(new CallPolicy(properties.getTimeout(), properties.getRetries(), false, properties.getCluster(),
                        properties.getForks()))
                .retryBudget(properties.getRetryBudget().getRatio(), properties.getRetryBudget().getMinPerSecond())
                .outlierDetection(properties.getOutlier().toSettings())
                .connectTimeout(properties.getConnectTimeout())
                .maxIdleConnections(properties.getMaxIdleConnections())
                .maxResponseSize(properties.getMaxResponseSize().toBytes())
                .codec(properties.getCodec())
                .exceptionPackages(properties.getExceptionPackages())
                .defaultLoadBalancer(properties.getLoadBalancer())
                .tagStrict(properties.isTagStrict())
                .authentication(security.toAuthentication())
                .accessLog(common.getAccessLog().isEnabled())
                .propagate(common.getContext().getPropagate());
        filters.orderedStream().forEach(builder::filter);
        routers.orderedStream().forEach(builder::router);
        listeners.orderedStream().forEach(builder::listener);
        loadBalancers.forEach(builder::loadBalancer);
        String sslBundle = properties.getSsl().getBundle();
        if (sslBundle != null && !sslBundle.isBlank()) {
            builder.httpCustomizer(ConsumerTls.of(sslBundle, sslBundles.getIfAvailable()));
        }
        customizers.orderedStream().forEach(customizer -> builder.httpCustomizer(customizer::customize));
        builderCustomizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // The one setting the properties' own check cannot judge: load balancers include the application's beans.
            if (e.getMessage() != null && e.getMessage().startsWith("Unknown load balancer")) {
                throw new ZkRpcStartupException("Invalid zkrpc setting:\n\n    Property: zkrpc.consumer.load-balancer\n    Value: \""
                        + properties.getLoadBalancer() + "\"\n    Reason: " + e.getMessage(),
                        "Set zkrpc.consumer.load-balancer to one of the known load balancers, or declare a LoadBalancer bean of that name.", e);
            }
            throw e;
        }
    }

    @Bean
    @ConditionalOnMissingBean
    RpcReferenceFactory zkrpcReferenceFactory(RpcClient client, ConsumerProperties properties, ZkRpcProperties common,
            ObjectProvider<RegistryCenter> registry) {
        return new RpcReferenceFactory(client, properties.getServices(), registry.getIfAvailable(), common.getEnvironment(),
                properties.isCheck());
    }

    /** Fails the start of an application that has {@code @RpcService} beans but cannot serve them. */
    @Bean
    SmartInitializingSingleton zkrpcProviderCheck(ApplicationContext context, ObjectProvider<ProviderDispatcher> dispatcher) {
        return new ProviderCheck(context, dispatcher);
    }
}
