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
    /** The session {@link #cut} dropped without closing, which the server still holds until it times out. */
    private volatile AbandonedSession abandoned;

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
        // A handle between sessions (reconnecting, or just told Expired) has no live session to end: wait for one.
        ZooKeeper zooKeeper = io.zkrpc.test.ZkRpcKit.await("the application's ZooKeeper client connected on a live session")
                .atMost(timeout).until(current::get,
                        handle -> handle != null && handle.getState() == ZooKeeper.States.CONNECTED && handle.getSessionId() != 0);
        long session = zooKeeper.getSessionId();
        if (!closeSession(connectString, session, zooKeeper.getSessionPasswd(), timeout)) {
            throw new IllegalStateException("Session 0x" + Long.toHexString(session) + " had expired already");
        }
    }

    /**
     * Joins the session {@code session} with a second client and closes it, so that the server ends it and
     * deletes its ephemeral nodes at once. Returns false when the server had ended it already.
     */
    static boolean closeSession(String connectString, long session, byte[] password, Duration timeout) throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        AtomicReference<Watcher.Event.KeeperState> state = new AtomicReference<>();
        ZooKeeper intruder = new ZooKeeper(connectString, (int) timeout.toMillis(), event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected || event.getState() == Watcher.Event.KeeperState.Expired) {
                state.compareAndSet(null, event.getState());
                answered.countDown();
            }
        }, session, password);
        try {
            if (!answered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Could not join session 0x" + Long.toHexString(session) + " within " + timeout.toMillis() + " ms");
            }
            return state.get() == Watcher.Event.KeeperState.SyncConnected;
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
            if (zooKeeper.getSessionId() != 0) {
                abandoned = new AbandonedSession(zooKeeper.getSessionId(), zooKeeper.getSessionPasswd());
            }
            // Marks the client closed without a closeSession request, then its socket closes: a crash, as the server sees it.
            zooKeeper.getTestable().injectSessionExpiration();
        }
    }

    /**
     * Ends, on the server, the session that {@link #cut} left behind, if the server still holds it: after the
     * test, so that the nodes of a killed application do not linger into the next test until they time out.
     */
    void closeAbandoned(String connectString, Duration timeout) throws Exception {
        AbandonedSession session = abandoned;
        if (session != null) {
            closeSession(connectString, session.id(), session.password(), timeout);
            abandoned = null;
        }
    }

    private record AbandonedSession(long id, byte[] password) {
    }

    private ZooKeeper handle() {
        ZooKeeper zooKeeper = current.get();
        if (zooKeeper == null) {
            throw new IllegalStateException("The application's registry has no ZooKeeper client yet");
        }
        return zooKeeper;
    }
}
