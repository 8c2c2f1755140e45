package io.zkrpc.benchmark.driver;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.zkrpc.benchmark.api.AuthBenchService;
import io.zkrpc.benchmark.api.BenchService;
import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.properties.ConsumerProperties;
import io.zkrpc.spring.boot.properties.SecurityProperties;
import io.zkrpc.spring.boot.properties.ZkRpcProperties;

/** Sets up the targets with the same timeouts and pool size, waits until they answer, and runs the mode. */
@Component
class BenchDriver {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final BenchService zkrpc;
    private final BenchService zkrpcAuth;
    private final BenchProperties properties;
    private final ConsumerProperties consumer;
    private final RegistryCenter registry;
    private final ZkRpcProperties common;
    private final SecurityProperties security;

    BenchDriver(@RpcReference BenchService zkrpc, @RpcReference AuthBenchService zkrpcAuth, BenchProperties properties,
            ConsumerProperties consumer, RegistryCenter registry, ZkRpcProperties common, SecurityProperties security) {
        this.zkrpc = zkrpc;
        this.zkrpcAuth = zkrpcAuth;
        this.properties = properties;
        this.consumer = consumer;
        this.registry = registry;
        this.common = common;
        this.security = security;
    }

    /** Runs the configured mode; answers the process's exit code. */
    int run() throws InterruptedException {
        String providerUrl = properties.providerUrl();
        if (providerUrl == null || providerUrl.isBlank()) {
            throw new IllegalArgumentException("bench.provider-url is required (http://127.0.0.1:PORT of the provider)");
        }
        try (FloorClient floor = new FloorClient(providerUrl, "floor", consumer.getTimeout(), consumer.getConnectTimeout(),
                consumer.getMaxIdleConnections());
                FloorClient floorServlet = new FloorClient(providerUrl, "floor-servlet", consumer.getTimeout(),
                        consumer.getConnectTimeout(), consumer.getMaxIdleConnections());
                ProviderControl provider = new ProviderControl(providerUrl);
                // Only when it runs: its client observes every call, the starter's (target zkrpc) none.
                ObservedClient observed = Target.select(properties.targets()).contains(Target.ZKRPC_OBSERVED)
                        ? new ObservedClient(registry, common, consumer, security, properties.traceSampling(),
                                properties.longTaskTimer())
                        : null;
                // Likewise: its client's filter, balancer and propagation are its own, not the starter's.
                GovernedClient governed = Target.select(properties.targets()).contains(Target.ZKRPC_GOVERNED)
                        ? new GovernedClient(registry, common, consumer, security)
                        : null;
                // Only when it runs: a second client of the same service, sending JSONB.
                RpcClient jsonb = Target.select(properties.targets()).contains(Target.ZKRPC_JSONB)
                        ? JsonbClient.build(registry, common, consumer, security)
                        : null) {
            Map<Target, BenchService> services = new EnumMap<>(Map.of(Target.FLOOR, floor, Target.FLOOR_SERVLET, floorServlet,
                    Target.ZKRPC, zkrpc, Target.ZKRPC_AUTH, zkrpcAuth));
            if (observed != null) {
                services.put(Target.ZKRPC_OBSERVED, observed.service());
            }
            if (governed != null) {
                services.put(Target.ZKRPC_GOVERNED, governed.service());
            }
            if (jsonb != null) {
                services.put(Target.ZKRPC_JSONB, jsonb.reference(BenchService.class));
            }
            services.forEach(BenchDriver::awaitAnswer);
            ClosedLoop loop = new ClosedLoop(provider, consumer.getTimeout());
            Report report = new Report(System.out);
            return switch (properties.mode()) {
                case "compare" -> new Comparison(properties, loop, services, report).run();
                case "soak" -> new Soak(properties, loop, zkrpc, provider, report).run();
                default -> throw new IllegalArgumentException("bench.mode is compare or soak, not " + properties.mode());
            };
        }
    }

    /** Calls until the target answers (zkrpc needs the provider's registration to arrive), for at most a minute. */
    private static void awaitAnswer(Target target, BenchService service) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                service.findById(1);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(target.label() + " did not answer within " + READY_TIMEOUT.toSeconds() + " s", e);
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + target.label(), interrupted);
                }
            }
        }
    }
}
