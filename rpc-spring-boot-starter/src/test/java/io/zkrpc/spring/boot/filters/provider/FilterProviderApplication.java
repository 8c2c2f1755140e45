package io.zkrpc.spring.boot.filters.provider;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.filter.ProviderFilter;
import io.zkrpc.spring.boot.filters.FilterLog;

/**
 * A provider with three filter beans, declared out of their {@code @Order} so that only the order
 * can put them right: two that record what they see, and one that answers {@code greet("short")}
 * without calling the bean.
 */
@SpringBootApplication
public class FilterProviderApplication {

    @Bean
    @Order(3)
    ProviderFilter shortCircuitFilter() {
        return chain -> {
            Object[] arguments = chain.invocation().arguments();
            if (chain.invocation().method().name().equals("greet") && "short".equals(arguments[0])) {
                FilterLog.ENTRIES.add("provider-short-circuit");
                return "answered by the filter";
            }
            return chain.proceed(chain.invocation());
        };
    }

    @Bean
    @Order(2)
    ProviderFilter secondProviderFilter() {
        return chain -> {
            FilterLog.ENTRIES.add("provider-second");
            return chain.proceed(chain.invocation());
        };
    }

    @Bean
    @Order(1)
    ProviderFilter tenantReadingFilter() {
        return chain -> {
            FilterLog.ENTRIES.add("provider-first tenant=" + chain.invocation().attachment("tenant")
                    + " context=" + RpcContext.current().getAttachment("tenant"));
            return chain.proceed(chain.invocation());
        };
    }
}
