package io.zkrpc.spring.boot.filters.consumer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.filter.ConsumerFilter;
import io.zkrpc.spring.boot.filters.FilterLog;
import io.zkrpc.spring.boot.filters.api.ContextService;

/** A consumer with two filter beans, declared out of their {@code @Order}: the second adds the attachment {@code tenant}. */
@SpringBootApplication
public class FilterConsumerApplication {

    @Bean
    @Order(2)
    ConsumerFilter tenantFilter() {
        return chain -> {
            FilterLog.ENTRIES.add("consumer-tenant");
            return chain.proceed(chain.invocation().withAttachment("tenant", "acme"));
        };
    }

    @Bean
    @Order(1)
    ConsumerFilter firstConsumerFilter() {
        return chain -> {
            FilterLog.ENTRIES.add("consumer-first");
            return chain.proceed(chain.invocation());
        };
    }

    @Component
    public static class Caller {

        @RpcReference
        private ContextService contexts;

        public ContextService contexts() {
            return contexts;
        }
    }
}
