package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.spring.boot.metrics.ZkRpcMetrics;

/** The metrics auto-configuration: bound to the application's registry and told by the client, or absent without Micrometer. */
class ZkRpcMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, ZkRpcAutoConfiguration.class,
                    ZkRpcMetricsAutoConfiguration.class))
            .withBean(RegistryCenter.class, StaticRegistryCenter::new);

    @Test
    void theClientTellsTheMetricsOfEveryServiceItSubscribesTo() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(ZkRpcMetrics.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("zkrpc.registry.connected").gauge().value()).isEqualTo(1);

            context.getBean(RpcClient.class).instances(new ServiceKey("com.example.Orders", "2.0", "default"));

            assertThat(meters.get("zkrpc.registry.instances").tag("rpc.service", "com.example.Orders:2.0").gauge().value()).isZero();
            assertThat(meters.get("zkrpc.client.isolations").counter().count()).isZero();
        });
    }

    @Test
    void theSameServiceInTwoEnvironmentsHasAnInstancesGaugeForEach() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            RpcClient client = context.getBean(RpcClient.class);
            client.instances(new ServiceKey("com.example.Orders", "2.0", "default"));
            client.instances(new ServiceKey("com.example.Orders", "2.0", "staging"));

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.find("zkrpc.registry.instances").tag("rpc.service", "com.example.Orders:2.0").gauges())
                    .extracting(gauge -> gauge.getId().getTag("environment")).containsExactlyInAnyOrder("default", "staging");
        });
    }

    @Test
    void nothingWithoutAMeterRegistry() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ZkRpcMetrics.class);
        });
    }

    @Test
    void nothingWithoutMicrometer() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZkRpcAutoConfiguration.class, ZkRpcMetricsAutoConfiguration.class))
                .withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ZkRpcMetrics.class);
                });
    }
}
