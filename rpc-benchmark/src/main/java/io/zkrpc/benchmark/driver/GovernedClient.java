package io.zkrpc.benchmark.driver;

import java.util.List;

import io.zkrpc.benchmark.api.BenchDto;
import io.zkrpc.benchmark.api.BenchService;
import io.zkrpc.benchmark.api.GovernedBenchService;
import io.zkrpc.core.RpcContext;
import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.cluster.P2cLoadBalancer;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.filter.ConsumerFilter;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.properties.ConsumerProperties;
import io.zkrpc.spring.boot.properties.SecurityProperties;
import io.zkrpc.spring.boot.properties.ZkRpcProperties;

/**
 * The client of the target {@code zkrpc-governed}: a second {@link RpcClient}, built with the same
 * settings as the starter's (the {@code zkrpc.consumer.*} properties) and the governance of issue 11 on,
 * as an application would use it: a consumer filter that checks the tenant attachment, the tenant
 * propagated ({@code zkrpc.context.propagate}), the {@code p2c} balancer, and per call two attachments set on
 * the {@link RpcContext}, the tenant and the provider's tag ({@link RpcContext#TAG}). The starter's client, that
 * of the target {@code zkrpc}, has none of these. Contract metadata is on for both, as by default.
 */
final class GovernedClient implements AutoCloseable {

    /** Checks, as an application's filter would, that the call carries the tenant; the call fails without it. */
    static final ConsumerFilter TENANT_CHECK = chain -> {
        if (chain.invocation().attachment(GovernedBenchService.TENANT) == null) {
            throw new IllegalStateException("a governed call without the attachment " + GovernedBenchService.TENANT);
        }
        return chain.proceed(chain.invocation());
    };

    private final RpcClient client;
    private final GovernedBenchService proxy;
    private final BenchService service;

    GovernedClient(RegistryCenter registry, ZkRpcProperties common, ConsumerProperties properties, SecurityProperties security) {
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
                .tagStrict(properties.isTagStrict())
                .authentication(security.toAuthentication())
                .defaultLoadBalancer(P2cLoadBalancer.NAME)
                .propagate(List.of(GovernedBenchService.TENANT))
                .filter(TENANT_CHECK)
                .build();
        proxy = client.reference(GovernedBenchService.class);
        service = new Governed(proxy);
    }

    /** The governed service as the scenarios call it: each call sets its attachments first. */
    BenchService service() {
        return service;
    }

    /** The bare proxy, whose calls carry no attachment unless the caller sets them. */
    GovernedBenchService proxy() {
        return proxy;
    }

    @Override
    public void close() {
        client.close();
    }

    /** Sets the tenant and the tag on the thread's context before each call, as a request handler would. */
    private record Governed(GovernedBenchService proxy) implements BenchService {

        private static GovernedBenchService context(GovernedBenchService proxy) {
            RpcContext.current().setAttachment(GovernedBenchService.TENANT, GovernedBenchService.TENANT_VALUE)
                    .setAttachment(RpcContext.TAG, GovernedBenchService.TAG);
            return proxy;
        }

        @Override
        public BenchDto findById(int id) {
            return context(proxy).findById(id);
        }

        @Override
        public String echo(String payload) {
            return context(proxy).echo(payload);
        }

        @Override
        public List<BenchDto> list(int count) {
            return context(proxy).list(count);
        }

        @Override
        public String blob(int size) {
            return context(proxy).blob(size);
        }
    }
}
