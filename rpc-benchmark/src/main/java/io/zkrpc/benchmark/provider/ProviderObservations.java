package io.zkrpc.benchmark.provider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;

import io.zkrpc.benchmark.api.ObservedBenchService;
import io.zkrpc.benchmark.observation.BenchObservations;
import io.zkrpc.core.observation.ZkRpcServerContext;

/**
 * With {@code bench.observed=true} (bench.sh sets it when the target {@code zkrpc-observed} runs):
 * an {@link ObservationRegistry} bean, from which the starter observes the calls served as
 * {@code zkrpc.server.requests}, for {@link ObservedBenchService} only. The calls of the other
 * targets pay one denied check each (see docs/performance.md). The floor's requests are not observed
 * at all: Boot's observation of HTTP requests needs its {@code spring-boot-micrometer-observation}
 * module, which this module leaves out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("bench.observed")
class ProviderObservations {

    private static final Logger log = LoggerFactory.getLogger(ProviderObservations.class);

    /** Only the calls of {@link ObservedBenchService} are observed. */
    static final ObservationPredicate ONLY_OBSERVED_SERVICE = (name, context) -> !(context instanceof ZkRpcServerContext call)
            || ObservedBenchService.class.getName().equals(call.getInvocation().service().interfaceName());

    @Bean(destroyMethod = "")
    BenchObservations benchObservations(@Value("${bench.long-task-timer:true}") boolean longTaskTimer) {
        return new BenchObservations("bench-provider", ONLY_OBSERVED_SERVICE, 1.0f, longTaskTimer);
    }

    @Bean
    ObservationRegistry observationRegistry(BenchObservations observations) {
        return observations.registry();
    }

    /** Says, when the provider stops, that spans and timers were made. */
    @Bean
    AutoCloseable observationSummary(BenchObservations observations) {
        return () -> {
            log.info("Provider {}", observations.summary());
            observations.close();
        };
    }
}
