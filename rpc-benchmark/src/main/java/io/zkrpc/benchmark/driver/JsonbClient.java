package io.zkrpc.benchmark.driver;

import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.properties.ConsumerProperties;
import io.zkrpc.spring.boot.properties.SecurityProperties;
import io.zkrpc.spring.boot.properties.ZkRpcProperties;

/**
 * The client of the target {@code zkrpc-jsonb}: a second {@link RpcClient}, built with the starter's
 * settings (the {@code zkrpc.consumer.*} properties) but {@code codec=jsonb}, calling the same
 * provider and service as the target {@code zkrpc}.
 */
final class JsonbClient {

    private JsonbClient() {
    }

    static RpcClient build(RegistryCenter registry, ZkRpcProperties common, ConsumerProperties properties, SecurityProperties security) {
        return RpcClient.builder()
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
                .codec("jsonb")
                .build();
    }
}
