package io.zkrpc.spring.boot.autoconfigure;

import java.nio.file.Path;

import org.apache.curator.retry.ExponentialBackoffRetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.registry.zk.ZkRegistryCenter;
import io.zkrpc.spring.boot.properties.RegistryProperties;
import io.zkrpc.spring.boot.registry.CuratorFrameworkCustomizer;

/** The ZooKeeper registry, started when the context creates it; a user's own {@link RegistryCenter} bean wins. */
@AutoConfiguration
@ConditionalOnClass(ZkRegistryCenter.class)
@EnableConfigurationProperties(RegistryProperties.class)
public final class ZkRegistryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "zkrpc.registry", name = "embedded", havingValue = "true")
    EmbeddedZooKeeper zkrpcEmbeddedZooKeeper(RegistryProperties properties) {
        ZooKeeperAddress address = ZooKeeperAddress.firstOf(properties.getAddress());
        return EmbeddedZooKeeper.start(address.host(), address.port());
    }

    @Bean
    @ConditionalOnMissingBean(RegistryCenter.class)
    RegistryCenter zkrpcRegistryCenter(RegistryProperties properties, ObjectProvider<EmbeddedZooKeeper> embedded,
            ObjectProvider<CuratorFrameworkCustomizer> customizers, Environment environment) {
        EmbeddedZooKeeper server = embedded.getIfAvailable();
        ZkRegistryCenter.Builder builder = ZkRegistryCenter.builder()
                .connectString(server != null ? server.connectString() : properties.getAddress())
                .namespace(properties.getNamespace())
                .sessionTimeout(properties.getSessionTimeout())
                .connectionTimeout(properties.getConnectionTimeout())
                .reconcileInterval(properties.getReconcileInterval())
                .massRemovalProtection(properties.isMassRemovalProtection(), properties.getMaxRemovalShare())
                .failFast(properties.isFailFast())
                .credentials(properties.getAuth().getUsername(), properties.getAuth().getPassword())
                .worldReadable(properties.getAuth().isWorldReadable())
                .clientProperties(properties.getClientProperties())
                .snapshotFile(SnapshotFileLocation.resolve(properties, environment, Path.of(System.getProperty("user.home"))))
                .retryPolicy(new ExponentialBackoffRetry((int) properties.getRetryBaseSleep().toMillis(), properties.getMaxRetries(),
                        (int) properties.getSessionTimeout().toMillis()));
        customizers.orderedStream().forEach(customizer -> builder.customizer(customizer::customize));
        ZkRegistryCenter registry = builder.build();
        registry.start();
        return registry;
    }
}
