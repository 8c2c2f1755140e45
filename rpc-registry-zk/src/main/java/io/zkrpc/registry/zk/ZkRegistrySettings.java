package io.zkrpc.registry.zk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.utils.PathUtils;
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
        int slash = connectString.indexOf('/');
        CuratorFrameworkFactory.Builder curator = CuratorFrameworkFactory.builder()
                .connectString(slash < 0 ? connectString : connectString.substring(0, slash))
                .namespace(namespace(slash < 0 ? "" : connectString.substring(slash), namespace))
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

    /**
     * The Curator namespace: the connect string's chroot ({@code host:2181/team-a}) and then the
     * registry's namespace. ZooKeeper does not create a chroot, and every call under a missing one
     * fails with NoNode; Curator creates its namespace, every level of it, on first use. The tree
     * on the server is the same as under the chroot.
     */
    static String namespace(String chroot, String namespace) {
        String root = trimSlashes(chroot);
        String own = namespace == null ? "" : trimSlashes(namespace);
        String joined = root.isEmpty() ? own : own.isEmpty() ? root : root + "/" + own;
        if (joined.isEmpty()) {
            return null;
        }
        try {
            PathUtils.validatePath("/" + joined);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid ZooKeeper chroot '" + chroot + "' or namespace '" + namespace + "': " + e.getMessage(), e);
        }
        return joined;
    }

    private static String trimSlashes(String path) {
        String trimmed = path.trim();
        int start = 0;
        int end = trimmed.length();
        while (start < end && trimmed.charAt(start) == '/') {
            start++;
        }
        while (end > start && trimmed.charAt(end - 1) == '/') {
            end--;
        }
        return trimmed.substring(start, end);
    }
}
