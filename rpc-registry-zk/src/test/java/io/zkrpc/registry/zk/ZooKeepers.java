package io.zkrpc.registry.zk;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

import io.zkrpc.core.registry.RegistryCenter;

/** Helpers for acting on ZooKeeper as another process would, and for reading what a registry reports of itself. */
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
        if (!client.blockUntilConnected((int) timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            client.close();
            throw new AssertionError("No connection to ZooKeeper at " + connectString + " within " + timeout.toMillis() + " ms");
        }
        return client;
    }

    /** The services whose last change the registry holds back, from its status details. */
    static List<?> heldBack(RegistryCenter registry) {
        return (List<?>) registry.status().details().get("heldBack");
    }

    /** Whether the registry says its session is connected and stable, from its status details. */
    static boolean isStable(RegistryCenter registry) {
        return SessionMachine.State.CONNECTED.name().equals(registry.status().details().get("sessionState"));
    }

    /** Whether the registry served lists from its snapshot since it was last connected, from its status details. */
    static boolean snapshotInUse(RegistryCenter registry) {
        return Boolean.TRUE.equals(registry.status().details().get("snapshotInUse"));
    }
}
