package io.zkrpc.registry.zk;

import java.time.Duration;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.data.Stat;

/** Helpers for acting on ZooKeeper as another process would: an operator, a previous run, another provider. */
final class ZooKeepers {

    private ZooKeepers() {
    }

    /** A started Curator client in the registry's namespace, connected within {@code timeout}. */
    static CuratorFramework otherClient(String connectString, Duration timeout) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .namespace("zkrpc")
                .sessionTimeoutMs(10_000)
                .connectionTimeoutMs((int) timeout.toMillis())
                .retryPolicy(new RetryNTimes(20, 100))
                .build();
        client.start();
        if (!client.blockUntilConnected((int) timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            client.close();
            throw new AssertionError("No connection to ZooKeeper at " + connectString + " within " + timeout.toMillis() + " ms");
        }
        return client;
    }

    /** The session of the registry's client now. */
    static long sessionOf(ZkRegistryCenter registry) throws Exception {
        return registry.client().getZookeeperClient().getZooKeeper().getSessionId();
    }

    /** Whether {@code path} exists, as {@code observer} sees it, and is owned by the current session of {@code owner}. */
    static boolean ownedBy(CuratorFramework observer, String path, ZkRegistryCenter owner) throws Exception {
        Stat stat = observer.checkExists().forPath(path);
        return stat != null && stat.getEphemeralOwner() == sessionOf(owner) && owner.status().connected();
    }
}
