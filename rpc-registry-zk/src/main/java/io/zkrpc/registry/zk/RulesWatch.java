package io.zkrpc.registry.zk;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.internal.cluster.ServiceRules;
import io.zkrpc.core.registry.RulesListener;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;

/**
 * One watch of one service's rules node: a {@link CuratorCache} on that single node, each change
 * delivered on the registry's worker (never on ZooKeeper's event thread), {@code null} once the
 * node is deleted. Data over {@link ServiceRules#MAX_BYTES} is refused with a WARN and not delivered.
 */
final class RulesWatch implements Subscription {

    private static final Logger log = LoggerFactory.getLogger(RulesWatch.class);

    private final ServiceKey service;
    private final String path;
    private final CuratorCache cache;
    private final Executor worker;
    private final RulesListener listener;
    private final Consumer<Runnable> closer;
    private final Consumer<RulesWatch> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param closer runs a close that may wait for an unreachable ZooKeeper
     * @param onClose told once when closed
     */
    RulesWatch(CuratorFramework client, ServiceKey service, RulesListener listener, Executor worker, Consumer<Runnable> closer,
            Consumer<RulesWatch> onClose) {
        this.service = service;
        this.path = ZkLayout.configPath(service);
        this.listener = listener;
        this.worker = worker;
        this.closer = closer;
        this.onClose = onClose;
        this.cache = CuratorCache.build(client, path, CuratorCache.Options.SINGLE_NODE_CACHE);
        this.cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, oldData, data) -> {
                    byte[] bytes = type == CuratorCacheListener.Type.NODE_DELETED || data == null ? null : data.getData();
                    if (bytes != null && bytes.length > ServiceRules.MAX_BYTES) {
                        log.warn("Rules node {} holds {} bytes, more than {}: refused; the last good rules stay in force", path,
                                bytes.length, ServiceRules.MAX_BYTES);
                    } else {
                        // A node without data (zkCli.sh's plain create) holds no rules, as does a deleted one.
                        deliver(bytes == null || bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8));
                    }
                })
                .build());
    }

    void start() {
        cache.start();
    }

    /**
     * Reads the rules node of {@code service} once, as the watch would deliver it: one request on
     * ZooKeeper's own client (the session's credentials, so the same ACL applies), no retry, waiting
     * at most {@code timeoutMillis}. {@code null} when there is no node, no data or data over
     * {@link ServiceRules#MAX_BYTES} (with the watch's WARN).
     *
     * @throws Exception as ZooKeeper refuses the read, or {@link TimeoutException} past the time given
     */
    static String read(CuratorFramework client, ServiceKey service, long timeoutMillis) throws Exception {
        String path = ZkLayout.configPath(service);
        ZooKeeper zooKeeper = client.getZookeeperClient().getZooKeeper();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        zooKeeper.getData(ZKPaths.fixForNamespace(client.getNamespace(), path), false, (code, at, context, data, stat) -> {
            if (code == KeeperException.Code.OK.intValue()) {
                answer.complete(data);
            } else if (code == KeeperException.Code.NONODE.intValue()) {
                answer.complete(null);
            } else {
                answer.completeExceptionally(KeeperException.create(KeeperException.Code.get(code), at));
            }
        }, null);
        byte[] bytes;
        try {
            bytes = answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (bytes != null && bytes.length > ServiceRules.MAX_BYTES) {
            log.warn("Rules node {} holds {} bytes, more than {}: refused", path, bytes.length, ServiceRules.MAX_BYTES);
            return null;
        }
        return bytes == null || bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private void deliver(String rules) {
        try {
            worker.execute(() -> {
                if (closed.get()) {
                    return;
                }
                try {
                    listener.rulesChanged(service, rules);
                } catch (RuntimeException e) {
                    log.warn("A rules listener of {} failed", service, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            // the registry is closing
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
            closer.accept(cache::close);
        }
    }
}
