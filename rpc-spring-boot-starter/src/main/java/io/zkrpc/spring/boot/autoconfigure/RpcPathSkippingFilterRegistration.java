package io.zkrpc.spring.boot.autoconfigure;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.OrderUtils;

/**
 * Registers one of Spring Boot's default filter beans as Boot itself would (same name, order,
 * {@code /*} mapping), except that requests to the RPC endpoint pass it by. Because this
 * registration holds the bean, Boot does not register the bean a second time on its own; the bean
 * stays what it is, injectable by its own type.
 *
 * @param <T> the filter's type
 */
final class RpcPathSkippingFilterRegistration<T extends Filter> extends FilterRegistrationBean<T> {

    private final String rpcPath;

    RpcPathSkippingFilterRegistration(T filter, String beanName, String rpcPath) {
        super(filter);
        this.rpcPath = rpcPath;
        setName(beanName);
        // As Boot's adapter orders a filter bean: Ordered, else @Order, else last.
        setOrder(filter instanceof Ordered ordered ? ordered.getOrder()
                : OrderUtils.getOrder(filter.getClass(), Ordered.LOWEST_PRECEDENCE));
    }

    @Override
    protected FilterRegistration.Dynamic addRegistration(String description, ServletContext servletContext) {
        return servletContext.addFilter(getFilterName(), new SkippingFilter(getFilter(), rpcPath));
    }

    /** The bean, except on the RPC endpoint's path (its exact servlet mapping). */
    static final class SkippingFilter implements Filter {

        private final Filter delegate;
        private final String rpcPath;

        SkippingFilter(Filter delegate, String rpcPath) {
            this.delegate = delegate;
            this.rpcPath = rpcPath;
        }

        @Override
        public void init(FilterConfig config) throws ServletException {
            delegate.init(config);
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            if (request instanceof HttpServletRequest http && rpcPath.equals(http.getServletPath())) {
                chain.doFilter(request, response);
            } else {
                delegate.doFilter(request, response, chain);
            }
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }

        @Override
        public String toString() {
            return delegate + " (except on " + rpcPath + ")";
        }
    }
}
