package io.zkrpc.test.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.utils.DefaultZookeeperFactory;
import org.apache.curator.utils.ZookeeperFactory;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;

import io.zkrpc.spring.boot.registry.CuratorFrameworkCustomizer;

/**
 * A bean in each application the kit serves: it hands the registry's Curator client its ZooKeeper
 * handles and keeps the newest, so that the kit can end its session, or cut it off as a crash does.
 */
final class SessionControl implements CuratorFrameworkCustomizer, ZookeeperFactory {

    private final DefaultZookeeperFactory delegate = new DefaultZookeeperFactory();
    private final AtomicReference<ZooKeeper> current = new AtomicReference<>();
    /** Once set, new handles connect there, where nothing listens: the client of a dead process never comes back. */
    private volatile String deadEnd;

    @Override
    public void customize(CuratorFrameworkFactory.Builder builder) {
        builder.zookeeperFactory(this);
    }

    @Override
    public ZooKeeper newZooKeeper(String connectString, int sessionTimeout, Watcher watcher, boolean canBeReadOnly) throws Exception {
        return keep(delegate.newZooKeeper(target(connectString), sessionTimeout, watcher, canBeReadOnly));
    }

    @Override
    public ZooKeeper newZooKeeper(String connectString, int sessionTimeout, Watcher watcher, boolean canBeReadOnly,
            ZKClientConfig config) throws Exception {
        return keep(delegate.newZooKeeper(target(connectString), sessionTimeout, watcher, canBeReadOnly, config));
    }

    private String target(String connectString) {
        String dead = deadEnd;
        return dead != null ? dead : connectString;
    }

    private ZooKeeper keep(ZooKeeper zooKeeper) {
        current.set(zooKeeper);
        return zooKeeper;
    }

    /**
     * Ends the current session on the server, as its timeout after a long pause would: a second client
     * joins the session and closes it, so the server deletes its ephemeral nodes at once and the
     * application's client is told {@code Expired} when it reconnects.
     */
    void expire(String connectString, Duration timeout) throws Exception {
        ZooKeeper zooKeeper = handle();
        long session = zooKeeper.getSessionId();
        if (session == 0) {
            throw new IllegalStateException("The application has no ZooKeeper session to expire (not connected)");
        }
        CountDownLatch joined = new CountDownLatch(1);
        ZooKeeper intruder = new ZooKeeper(connectString, (int) timeout.toMillis(), event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                joined.countDown();
            }
        }, session, zooKeeper.getSessionPasswd());
        try {
            if (!joined.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Could not join session 0x" + Long.toHexString(session) + " within " + timeout.toMillis() + " ms");
            }
        } finally {
            intruder.close();
        }
    }

    /**
     * Drops the connection without closing the session, and sends every later connection attempt to
     * {@code deadEnd}: the server keeps the session, and the nodes, until it times out.
     */
    void cut(String deadEnd) {
        this.deadEnd = deadEnd;
        ZooKeeper zooKeeper = current.get();
        if (zooKeeper != null) {
            // Marks the client closed without a closeSession request, then its socket closes: a crash, as the server sees it.
            zooKeeper.getTestable().injectSessionExpiration();
        }
    }

    private ZooKeeper handle() {
        ZooKeeper zooKeeper = current.get();
        if (zooKeeper == null) {
            throw new IllegalStateException("The application's registry has no ZooKeeper client yet");
        }
        return zooKeeper;
    }
}
