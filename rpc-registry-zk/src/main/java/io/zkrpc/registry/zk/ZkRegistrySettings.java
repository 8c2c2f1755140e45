package io.zkrpc.registry.zk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFrameworkFactory;

/**
 * The settings of one {@link ZkRegistryCenter}, copied from its builder at
 * {@link ZkRegistryCenter.Builder#build()}, so that changing the builder afterwards changes nothing.
 * The fields mean what the builder's methods of the same names say.
 */
record ZkRegistrySettings(String connectString, String namespace, Duration sessionTimeout, Duration connectionTimeout,
        Duration reconcileInterval, boolean protection, double maxRemovalShare, boolean failFast, Path snapshotFile,
        RetryPolicy retryPolicy, List<Consumer<CuratorFrameworkFactory.Builder>> customizers) {

    ZkRegistrySettings {
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
        customizers.forEach(customizer -> customizer.accept(curator));
        return curator;
    }
}
