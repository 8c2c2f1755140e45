package io.zkrpc.spring.boot.observation.a;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import io.zkrpc.core.observation.ZkRpcServerContext;
import io.zkrpc.spring.boot.observation.TraceIds;

/**
 * Innermost around provider A's endpoint: once the call's servlet has returned, on the web server's
 * pooled thread, records what is still current there (it should be nothing).
 */
@Configuration(proxyBeanMethods = false)
public class AfterCallCheck {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> afterCallCheckFilter(ObservationRegistry registry) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                chain.doFilter(request, response);
                // The endpoint's own http.server.requests is a no-op (not observed twice), but current: only zkrpc's would be a leak.
                Observation current = registry.getCurrentObservation();
                boolean zkrpc = current != null && current.getContext() instanceof ZkRpcServerContext;
                TraceIds.record("provider-a-after/" + (zkrpc ? current.getContext().getName() : "none"));
            }
        });
        registration.addUrlPatterns("/zkrpc");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
