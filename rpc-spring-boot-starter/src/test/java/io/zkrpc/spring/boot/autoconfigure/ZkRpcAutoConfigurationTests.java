package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.RegistryStatus;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.registry.zk.ZkRegistryCenter;
import io.zkrpc.spring.boot.actuate.RegistrationHealthIndicator;
import io.zkrpc.spring.boot.actuate.RegistryHealthIndicator;
import io.zkrpc.spring.boot.actuate.ZkRpcEndpoint;
import io.zkrpc.spring.boot.properties.ConsumerProperties;
import io.zkrpc.spring.boot.properties.ProviderProperties;
import io.zkrpc.spring.boot.properties.RegistryProperties;
import io.zkrpc.spring.boot.properties.ServiceProperties;
import io.zkrpc.spring.boot.properties.ZkRpcProperties;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

class ZkRpcAutoConfigurationTests {

    private static final AutoConfigurations ZKRPC = AutoConfigurations.of(ZkRegistryAutoConfiguration.class,
            ZkRpcAutoConfiguration.class, ZkRpcProviderAutoConfiguration.class);

    private final ApplicationContextRunner plain = new ApplicationContextRunner().withConfiguration(ZKRPC);
    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(ZKRPC);

    @Test
    void aConsumerOnlyApplicationNeedsNoWebServerAndGetsNoProviderSide() {
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RpcClient.class)
                    .doesNotHaveBean(ProviderDispatcher.class)
                    .doesNotHaveBean(ServletRegistrationBean.class)
                    .doesNotHaveBean(RpcProviderLifecycle.class);
        });
    }

    @Test
    void theUsersOwnRegistryCenterWinsAndNoZooKeeperIsContacted() {
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withPropertyValues("zkrpc.registry.address=127.0.0.1:1", "zkrpc.registry.connection-timeout=100ms")
                .run(context -> assertThat(context).hasNotFailed().getBean(RegistryCenter.class)
                        .isInstanceOf(StaticRegistryCenter.class));
    }

    @Test
    void theUsersOwnRpcClientWins() {
        RpcClient own = RpcClient.builder().registry(new StaticRegistryCenter()).build();
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new).withBean(RpcClient.class, () -> own)
                .run(context -> assertThat(context.getBean(RpcClient.class)).isSameAs(own));
    }

    @Test
    void propertiesBindDurationsSizesAndMetadata() {
        web.withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withPropertyValues("zkrpc.environment=prod", "zkrpc.consumer.timeout=250", "zkrpc.consumer.connect-timeout=2s",
                        "zkrpc.consumer.load-balancer=random", "zkrpc.provider.max-request-size=1KB",
                        "zkrpc.provider.metadata.zone=eu-1", "zkrpc.registry.session-timeout=7s", "zkrpc.registry.namespace=apps",
                        "zkrpc.registry.retry-base-sleep=50ms", "zkrpc.registry.max-retries=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ZkRpcProperties.class).getEnvironment()).isEqualTo("prod");
                    ConsumerProperties consumer = context.getBean(ConsumerProperties.class);
                    assertThat(consumer.getTimeout()).isEqualTo(Duration.ofMillis(250));
                    assertThat(consumer.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(consumer.getLoadBalancer()).isEqualTo("random");
                    ProviderProperties provider = context.getBean(ProviderProperties.class);
                    assertThat(provider.getMaxRequestSize()).isEqualTo(DataSize.ofKilobytes(1));
                    assertThat(provider.getMetadata()).containsEntry("zone", "eu-1");
                    RegistryProperties registry = context.getBean(RegistryProperties.class);
                    assertThat(registry.getSessionTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(registry.getNamespace()).isEqualTo("apps");
                    assertThat(registry.getRetryBaseSleep()).isEqualTo(Duration.ofMillis(50));
                    assertThat(registry.getMaxRetries()).isEqualTo(2);
                });
    }

    @Test
    void callSettingsBindPerServiceAndPerMethodAndReachTheReference() {
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withPropertyValues("zkrpc.consumer.retries=4", "zkrpc.consumer.cluster=failfast",
                        "zkrpc.consumer.retry-budget.ratio=0.2", "zkrpc.consumer.outlier.consecutive-failures=3",
                        "zkrpc.consumer.services[" + Greeter.class.getName() + "].timeout=700ms",
                        "zkrpc.consumer.services[" + Greeter.class.getName() + "].methods.greet.idempotent=true",
                        "zkrpc.consumer.services[" + Greeter.class.getName() + "].methods.greet.cluster=forking")
                .withUserConfiguration(ConsumerConfiguration.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ConsumerProperties consumer = context.getBean(ConsumerProperties.class);
                    assertThat(consumer.getRetries()).isEqualTo(4);
                    assertThat(consumer.getCluster()).isEqualTo("failfast");
                    assertThat(consumer.getRetryBudget().getRatio()).isEqualTo(0.2);
                    assertThat(consumer.getOutlier().getConsecutiveFailures()).isEqualTo(3);
                    ServiceProperties greeter = consumer.getServices().get(Greeter.class.getName());
                    assertThat(greeter.getTimeout()).isEqualTo(Duration.ofMillis(700));
                    assertThat(greeter.getMethods().get("greet").getIdempotent()).isTrue();
                    assertThat(greeter.getMethods().get("greet").getCluster()).isEqualTo("forking");
                });
    }

    @Test
    void anUnknownClusterStrategyInTheSettingsFailsTheStartNamingTheProperty() {
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withPropertyValues("zkrpc.consumer.services[" + Greeter.class.getName() + "].cluster=sometimes")
                .withUserConfiguration(ConsumerConfiguration.class)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("services[" + Greeter.class.getName() + "].cluster")
                        .hasMessageContaining("is no cluster strategy"));
    }

    @Test
    void aServletApplicationGetsTheEndpointAtTheConfiguredPath() {
        web.withBean(RegistryCenter.class, StaticRegistryCenter::new).withPropertyValues("zkrpc.provider.path=/rpc")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ProviderDispatcher.class).hasSingleBean(RpcProviderLifecycle.class);
                    ServletRegistrationBean<?> endpoint = context.getBean("zkrpcEndpointServlet", ServletRegistrationBean.class);
                    assertThat(endpoint.getUrlMappings()).containsExactly("/rpc");
                });
    }

    @Test
    void theActuatorEndpointAndTheRpcServletLiveSideBySideInAWebApplication() {
        web.withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withPropertyValues("management.endpoints.web.exposure.include=zkrpc")
                .withConfiguration(AutoConfigurations.of(ZkRpcActuatorAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ZkRpcEndpoint.class);
                    assertThat(context.getBean("zkrpcEndpointServlet", ServletRegistrationBean.class).getUrlMappings())
                            .containsExactly("/zkrpc");
                });
    }

    @Test
    void withoutServletRegistrationOnTheClassPathTheProviderSideBacksOff() {
        web.withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withClassLoader(new FilteredClassLoader(ServletRegistrationBean.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RpcClient.class)
                        .doesNotHaveBean(ProviderDispatcher.class).doesNotHaveBean(RpcProviderLifecycle.class));
    }

    @Test
    void theUsersOwnEndpointServletAndHealthIndicatorWin() {
        ServletRegistrationBean<?> own = new ServletRegistrationBean<>();
        HealthIndicator ownHealth = () -> Health.up().build();
        web.withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withBean("zkrpcEndpointServlet", ServletRegistrationBean.class, () -> own)
                .withBean("zkrpcRegistryHealthIndicator", HealthIndicator.class, () -> ownHealth)
                .withConfiguration(AutoConfigurations.of(ZkRpcActuatorAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(RegistryHealthIndicator.class);
                    assertThat(context.getBean("zkrpcEndpointServlet")).isSameAs(own);
                    assertThat(context.getBean("zkrpcRegistryHealthIndicator")).isSameAs(ownHealth);
                });
    }

    @Test
    void aConsumerHasTheRegistryIndicatorOnlyAndLeavesReadinessAlone() {
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withConfiguration(AutoConfigurations.of(ZkRpcActuatorAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RegistryHealthIndicator.class)
                        .doesNotHaveBean(RegistrationHealthIndicator.class).doesNotHaveBean("zkrpcReadinessGroup"));
    }

    @Test
    void anApplicationThatCanExportHasTheRegistrationIndicatorInReadiness() {
        web.withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withConfiguration(AutoConfigurations.of(ZkRpcActuatorAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RegistryHealthIndicator.class)
                        .hasSingleBean(RegistrationHealthIndicator.class).hasBean("zkrpcReadinessGroup"));
    }

    @Test
    void withoutActuatorsEndpointsOnTheClassPathOnlyTheHealthIndicatorIsMade() {
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withPropertyValues("management.endpoints.web.exposure.include=zkrpc")
                .withConfiguration(AutoConfigurations.of(ZkRpcActuatorAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ZkRpcEndpoint.class)
                        .hasSingleBean(RegistryHealthIndicator.class));
    }

    @Test
    void withoutHealthOnTheClassPathOnlyTheEndpointIsMade() {
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new)
                .withPropertyValues("management.endpoints.web.exposure.include=zkrpc")
                .withConfiguration(AutoConfigurations.of(ZkRpcActuatorAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ZkRpcEndpoint.class)
                        .doesNotHaveBean(RegistryHealthIndicator.class));
    }

    @Test
    void anEndpointPathOfSlashIsRefused() {
        web.withBean(RegistryCenter.class, StaticRegistryCenter::new).withPropertyValues("zkrpc.provider.path=/")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("zkrpc.provider.path must be a path below '/'"));
    }

    @Test
    void anRpcServiceBeanInAnApplicationWithoutWebServerFailsWithAClearMessage() {
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new).withBean(GreeterImpl.class)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("need a servlet web server"));
    }

    @Test
    void anUnknownLoadBalancerNameFailsTheStart() {
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new).withPropertyValues("zkrpc.consumer.load-balancer=nope")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("Unknown load balancer 'nope'"));
    }

    @Test
    void anUnreachableRegistryStartsTheApplicationAndCallsSayWhy(@TempDir Path snapshots) {
        plain.withPropertyValues("zkrpc.registry.address=127.0.0.1:1", "zkrpc.registry.connection-timeout=300ms",
                        "zkrpc.registry.snapshot-file=" + snapshots.resolve("none.json"))
                .withUserConfiguration(ConsumerConfiguration.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RegistryCenter.class).status().connected()).isFalse();
                    Greeter greeter = context.getBean(GreeterUser.class).viaConstructor;
                    assertThatThrownBy(() -> greeter.greet("x")).isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.code()).isEqualTo(RpcErrorCode.REGISTRY_UNAVAILABLE))
                            .hasMessageContaining("registry is unreachable and there is no snapshot for service " + Greeter.class.getName());
                });
    }

    @Test
    void theActuatorEndpointAndHealthIndicatorReportTheRegistry() {
        plain.withPropertyValues("zkrpc.registry.embedded=true", "zkrpc.registry.address=127.0.0.1:0",
                        "management.endpoints.web.exposure.include=zkrpc")
                .withConfiguration(AutoConfigurations.of(ZkRpcActuatorAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ZkRpcEndpoint.class);
                    Map<String, Object> status = context.getBean(ZkRpcEndpoint.class).status();
                    assertThat(status).containsKeys("registry", "isolatedInstances");
                    assertThat(((RegistryStatus) status.get("registry")).connected()).isTrue();
                    Health health = context.getBean(RegistryHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsKeys("registry", "session", "subscriptions");
                });
    }

    @Test
    void anUnreachableRegistryFailsTheStartWithTheAddressWhenFailFast() {
        plain.withPropertyValues("zkrpc.registry.address=127.0.0.1:1", "zkrpc.registry.connection-timeout=300ms",
                        "zkrpc.registry.fail-fast=true")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("Cannot connect to ZooKeeper at 127.0.0.1:1"));
    }

    @Test
    void theEmbeddedRegistryStartsAZooKeeperThatTheRegistryUses() {
        plain.withPropertyValues("zkrpc.registry.embedded=true", "zkrpc.registry.address=127.0.0.1:0").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EmbeddedZooKeeper.class);
            RegistryCenter registry = context.getBean(RegistryCenter.class);
            assertThat(registry).isInstanceOf(ZkRegistryCenter.class);
            ServiceKey key = ServiceKey.of(Greeter.class, "", "default");
            Instance instance = Instance.http("127.0.0.1", 9999, "/zkrpc");
            registry.register(key, instance);
            assertThat(registry.fetchAll(key)).containsExactly(instance);
        });
    }

    @Test
    void referencePointsOnConstructorParametersAndFieldsReceiveProxies() {
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new).withUserConfiguration(ConsumerConfiguration.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    GreeterUser user = context.getBean(GreeterUser.class);
                    assertThat(user.viaConstructor.toString()).isEqualTo("zkrpc reference to " + Greeter.class.getName() + "@default");
                    assertThat(user.viaField).isSameAs(user.viaConstructor);
                    assertThat(user.versioned).isNotSameAs(user.viaConstructor);
                    assertThat(user.versioned.toString()).contains(Greeter.class.getName() + ":2@default");
                });
    }

    @Test
    void anInvalidReferenceTimeoutFailsWithTheFieldNamed() {
        plain.withBean(RegistryCenter.class, StaticRegistryCenter::new).withBean(BadTimeoutUser.class)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("invalid timeout 'soon'").hasMessageContaining("BadTimeoutUser.greeter"));
    }

    @Test
    void everyPropertyIsDocumentedInTheConfigurationMetadata() throws Exception {
        JSONObject metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("configuration metadata").isNotNull();
            metadata = JSON.parseObject(in.readAllBytes());
        }
        Map<String, String> descriptions = metadata.getJSONArray("properties").stream().map(JSONObject.class::cast)
                .collect(Collectors.toMap(p -> p.getString("name"), p -> String.valueOf(p.getString("description"))));
        assertThat(descriptions).containsKeys("zkrpc.environment", "zkrpc.registry.address", "zkrpc.registry.namespace",
                "zkrpc.registry.session-timeout", "zkrpc.registry.connection-timeout", "zkrpc.registry.embedded",
                "zkrpc.registry.retry-base-sleep", "zkrpc.registry.max-retries",
                "zkrpc.provider.path", "zkrpc.provider.host", "zkrpc.consumer.timeout", "zkrpc.consumer.load-balancer");
        assertThat(descriptions.values()).allSatisfy(description -> assertThat(description).isNotBlank().isNotEqualTo("null"));
    }

    public interface Greeter {
        String greet(String name);
    }

    @RpcService
    public static class GreeterImpl implements Greeter {
        @Override
        public String greet(String name) {
            return "hello " + name;
        }
    }

    public static class GreeterUser {
        final Greeter viaConstructor;
        @RpcReference
        Greeter viaField;
        @RpcReference(version = "2")
        Greeter versioned;

        GreeterUser(Greeter viaConstructor) {
            this.viaConstructor = viaConstructor;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ConsumerConfiguration {
        @Bean
        GreeterUser greeterUser(@RpcReference Greeter greeter) {
            return new GreeterUser(greeter);
        }
    }

    public static class BadTimeoutUser {
        @RpcReference(timeout = "soon")
        Greeter greeter;
    }

}
