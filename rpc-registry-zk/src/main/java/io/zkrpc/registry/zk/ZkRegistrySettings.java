package io.zkrpc.registry.zk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * The settings of one {@link ZkRegistryCenter}, copied from its builder at
 * {@link ZkRegistryCenter.Builder#build()}, so that changing the builder afterwards changes nothing.
 * The fields mean what the builder's methods of the same names say; {@code auth} is {@code null}
 * without credentials.
 */
record ZkRegistrySettings(String connectString, String namespace, Duration sessionTimeout, Duration connectionTimeout,
        Duration reconcileInterval, boolean protection, double maxRemovalShare, boolean failFast, Path snapshotFile,
        RetryPolicy retryPolicy, ZkAuth auth, Map<String, String> clientProperties,
        List<Consumer<CuratorFrameworkFactory.Builder>> customizers) {

    ZkRegistrySettings {
        clientProperties = Map.copyOf(clientProperties);
        customizers = List.copyOf(customizers);
    }

    /** The Curator client these settings describe, not started. */
    CuratorFrameworkFactory.Builder curator() {
        CuratorFrameworkFactory.Builder curator = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .namespace(namespace == null || namespace.isBlank() ? null : namespace)
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs((int) connectionTimeout.toMillis())
                .retryPolicy(retryPolicy);
        if (auth != null) {
            auth.applyTo(curator);
        }
        if (!clientProperties.isEmpty()) {
            // Starts from the system properties, as the ZooKeeper client does without a configuration of its own.
            ZKClientConfig config = new ZKClientConfig();
            clientProperties.forEach(config::setProperty);
            curator.zkClientConfig(config);
        }
        customizers.forEach(customizer -> customizer.accept(curator));
        return curator;
    }
}
