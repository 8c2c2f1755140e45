package io.zkrpc.benchmark.driver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.benchmark.api.ObservedBenchService;
import io.zkrpc.benchmark.observation.BenchObservations;
import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.properties.ConsumerProperties;
import io.zkrpc.spring.boot.properties.SecurityProperties;
import io.zkrpc.spring.boot.properties.ZkRpcProperties;

/**
 * The client of the target {@code zkrpc-observed}: a second {@link RpcClient}, built with the same
 * settings as the starter's (the {@code zkrpc.consumer.*} properties) and an {@link io.micrometer.observation.ObservationRegistry},
 * so that every call of it is observed ({@code zkrpc.client.requests}: a timer and a client span
 * whose context travels to the provider) while the starter's client, that of the target {@code zkrpc},
 * has no observer at all.
 */
final class ObservedClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ObservedClient.class);

    private final BenchObservations observations;
    private final RpcClient client;
    private final ObservedBenchService service;

    /**
     * @param sampling the share of calls whose traces are recorded, from 0 to 1
     * @param longTaskTimer whether each call also keeps the {@code .active} long-task timer
     */
    ObservedClient(RegistryCenter registry, ZkRpcProperties common, ConsumerProperties properties, SecurityProperties security,
            float sampling, boolean longTaskTimer) {
        observations = new BenchObservations("bench-driver", null, sampling, longTaskTimer);
        client = RpcClient.builder()
                .registry(registry)
                .environment(common.getEnvironment())
                .defaults(new CallPolicy(properties.getTimeout(), properties.getRetries(), false, properties.getCluster(),
                        properties.getForks()))
                .retryBudget(properties.getRetryBudget().getRatio(), properties.getRetryBudget().getMinPerSecond())
                .outlierDetection(properties.getOutlier().toSettings())
                .connectTimeout(properties.getConnectTimeout())
                .maxIdleConnections(properties.getMaxIdleConnections())
                .maxResponseSize(properties.getMaxResponseSize().toBytes())
                .exceptionPackages(properties.getExceptionPackages())
                .defaultLoadBalancer(properties.getLoadBalancer())
                .authentication(security.toAuthentication())
                .observationRegistry(observations.registry())
                .build();
        service = client.reference(ObservedBenchService.class);
    }

    /** The observed service's proxy. */
    ObservedBenchService service() {
        return service;
    }

    /** The timers and spans of this client's calls. */
    BenchObservations observations() {
        return observations;
    }

    /** Logs how many spans and timed calls were made, then releases the client. */
    @Override
    public void close() {
        log.info("Driver {}", observations.summary());
        client.close();
        observations.close();
    }
}
