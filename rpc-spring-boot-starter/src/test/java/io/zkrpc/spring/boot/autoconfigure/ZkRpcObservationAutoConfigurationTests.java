package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.codec.JsonCodec;
import io.zkrpc.core.internal.provider.ExportedService;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.observation.DefaultZkRpcClientObservationConvention;
import io.zkrpc.core.observation.ZkRpcClientObservationConvention;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.spring.boot.consumer.RpcClientBuilderCustomizer;

/** Observations are wired only when the application has an {@link ObservationRegistry}, judged by the calls of the built client. */
class ZkRpcObservationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZkRpcAutoConfiguration.class, ZkRpcObservationAutoConfiguration.class))
            .withBean(RegistryCenter.class, StaticRegistryCenter::new);

    @Test
    void withoutAnObservationRegistryBeanNothingIsWired() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RpcClient.class)
                    .doesNotHaveBean(ZkRpcObservationAutoConfiguration.class)
                    .doesNotHaveBean(RpcClientBuilderCustomizer.class)
                    .doesNotHaveBean(ServerObservations.class);
        });
    }

    @Test
    void withoutMicrometerOnTheClassPathTheClientStillWorks() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ZkRpcObservationAutoConfiguration.class);
            RpcClient client = context.getBean(RpcClient.class);
            assertThatThrownBy(() -> client.reference(Runnable.class).run()).isInstanceOf(RpcException.class);
        });
    }

    @Test
    void withARegistryEachCallIsObserved() {
        runner.withUserConfiguration(Recording.class).run(context -> {
            assertThat(context).hasSingleBean(RpcClientBuilderCustomizer.class).hasSingleBean(ServerObservations.class);
            RpcClient client = context.getBean(RpcClient.class);

            assertThatThrownBy(() -> client.reference(Runnable.class).run()).isInstanceOf(RpcException.class);

            assertThat(context.getBean(Recording.class).names).containsExactly("zkrpc.client.requests");
        });
    }

    @Test
    void aConventionBeanReplacesTheDefault() {
        runner.withUserConfiguration(Recording.class, OwnConvention.class).run(context -> {
            RpcClient client = context.getBean(RpcClient.class);

            assertThatThrownBy(() -> client.reference(Runnable.class).run()).isInstanceOf(RpcException.class);

            assertThat(context.getBean(Recording.class).names).containsExactly("my.rpc.calls");
        });
    }

    @Test
    void theProviderDispatcherIsGivenTheServerObserver() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ZkRpcAutoConfiguration.class, ZkRpcProviderAutoConfiguration.class,
                        ZkRpcObservationAutoConfiguration.class))
                .withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withUserConfiguration(Recording.class)
                .run(context -> {
                    ProviderDispatcher dispatcher = context.getBean(ProviderDispatcher.class);
                    ExportedService service = dispatcher.export(Runnable.class, (Runnable) () -> { }, "");
                    byte[] request = new JsonCodec().encodeRequest(new Invocation(service.key(),
                            MethodDescriptor.forInterface(Runnable.class).get("run()"), new Object[0], Map.of()));

                    assertThat(dispatcher.dispatch(new ByteArrayInputStream(request), request.length, 1 << 20, System.nanoTime())
                            .join().status()).isEqualTo(200);

                    assertThat(context.getBean(Recording.class).names).containsExactly("zkrpc.server.requests");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Recording {

        final List<String> names = new CopyOnWriteArrayList<>();

        @Bean
        ObservationRegistry observationRegistry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public void onStop(Observation.Context context) {
                    names.add(context.getName());
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            return registry;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConvention {

        @Bean
        ZkRpcClientObservationConvention ownConvention() {
            return new DefaultZkRpcClientObservationConvention() {
                @Override
                public String getName() {
                    return "my.rpc.calls";
                }
            };
        }
    }
}
