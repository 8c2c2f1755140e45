package io.zkrpc.spring.boot.autoconfigure;

import jakarta.servlet.Filter;
import java.util.Arrays;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.filter.RequestContextFilter;

import io.zkrpc.spring.boot.properties.ProviderProperties;

/**
 * Keeps Spring Boot's default servlet filters off the RPC endpoint: character encoding (the
 * endpoint reads and writes UTF-8 JSON bytes), form content (it takes no forms) and request
 * context (a service method is no MVC handler). Each is registered for every other path exactly as
 * Boot registers it (see {@link RpcPathSkippingFilterRegistration}); any other filter, such as
 * Spring Security's or the application's own, is left as it is. Applies to the single bean of each
 * type; off with {@code zkrpc.provider.skip-default-filters=false}.
 */
@AutoConfiguration(after = ZkRpcProviderAutoConfiguration.class, afterName = {
        "org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration",
        "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({FilterRegistrationBean.class, CharacterEncodingFilter.class})
@ConditionalOnBooleanProperty(name = "zkrpc.provider.skip-default-filters", matchIfMissing = true)
// Only where the endpoint is served: an application without it keeps Boot's own registrations untouched.
@ConditionalOnBean(name = "zkrpcEndpointServlet")
@EnableConfigurationProperties(ProviderProperties.class)
public final class ZkRpcServletFiltersAutoConfiguration {

    @Bean
    @ConditionalOnSingleCandidate(CharacterEncodingFilter.class)
    FilterRegistrationBean<CharacterEncodingFilter> zkrpcCharacterEncodingFilterRegistration(CharacterEncodingFilter filter,
            ListableBeanFactory beans, ProviderProperties properties) {
        return skipping(filter, CharacterEncodingFilter.class, beans, properties);
    }

    @Bean
    @ConditionalOnSingleCandidate(FormContentFilter.class)
    FilterRegistrationBean<FormContentFilter> zkrpcFormContentFilterRegistration(FormContentFilter filter,
            ListableBeanFactory beans, ProviderProperties properties) {
        return skipping(filter, FormContentFilter.class, beans, properties);
    }

    @Bean
    @ConditionalOnSingleCandidate(RequestContextFilter.class)
    FilterRegistrationBean<RequestContextFilter> zkrpcRequestContextFilterRegistration(RequestContextFilter filter,
            ListableBeanFactory beans, ProviderProperties properties) {
        return skipping(filter, RequestContextFilter.class, beans, properties);
    }

    private static <T extends Filter> FilterRegistrationBean<T> skipping(T filter, Class<T> type, ListableBeanFactory beans,
            ProviderProperties properties) {
        // The bean's own name, as Boot would register it: the name of the one bean of that type that is this instance.
        String name = Arrays.stream(beans.getBeanNamesForType(type)).filter(candidate -> beans.getBean(candidate) == filter)
                .findFirst().orElseThrow();
        return new RpcPathSkippingFilterRegistration<>(filter, name, ProviderEndpointSettings.path(properties));
    }
}
