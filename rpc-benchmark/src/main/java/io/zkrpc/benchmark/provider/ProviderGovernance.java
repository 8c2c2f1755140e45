package io.zkrpc.benchmark.provider;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.zkrpc.benchmark.api.GovernedBenchService;
import io.zkrpc.core.filter.ProviderFilter;

/**
 * With {@code bench.governed=true} (bench.sh sets it, and {@code zkrpc.provider.tag}, when the target
 * {@code zkrpc-governed} runs): a provider filter that checks the tenant attachment of the calls of
 * {@link GovernedBenchService}, as an application's tenant check would, and lets every other call
 * through. A provider filter is for every service: the calls of the other zkrpc targets of that run
 * pass through it too (one comparison each, see docs/performance.md).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("bench.governed")
class ProviderGovernance {

    private static final String GOVERNED = GovernedBenchService.class.getName();

    @Bean
    ProviderFilter tenantCheck() {
        return chain -> {
            if (GOVERNED.equals(chain.invocation().service().interfaceName())
                    && !GovernedBenchService.TENANT_VALUE.equals(chain.invocation().attachment(GovernedBenchService.TENANT))) {
                throw new IllegalStateException("a governed call without the attachment " + GovernedBenchService.TENANT);
            }
            return chain.proceed(chain.invocation());
        };
    }
}
