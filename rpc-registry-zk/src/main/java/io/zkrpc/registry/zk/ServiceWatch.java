package io.zkrpc.registry.zk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * The subscription of one service: one {@link CuratorCache} on its providers node, and the
 * listeners it feeds. Cache events only mark the watch dirty; the full list is read from the
 * cache and delivered on the registry's notifier thread, so that a burst of changes gives one
 * delivery of the final list and a slow listener never blocks ZooKeeper's event thread.
 */
final class ServiceWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceWatch.class);

    private final ServiceKey service;
    private final String providersPath;
    private final CuratorCache cache;
    private final Executor notifier;
    private final List<ChangedListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean deliveryPending = new AtomicBoolean();
    private volatile boolean initialized;
    private volatile boolean closed;

    ServiceWatch(CuratorFramework client, ServiceKey service, Executor notifier) {
        this.service = service;
        this.providersPath = ZkLayout.providersPath(service);
        this.notifier = notifier;
        this.cache = CuratorCache.build(client, providersPath);
        this.cache.listenable().addListener(CuratorCacheListener.builder()
                .forInitialized(() -> {
                    initialized = true;
                    scheduleDelivery();
                })
                .forAll((type, oldData, data) -> scheduleDelivery())
                .build());
    }

    void start() {
        cache.start();
    }

    void add(ChangedListener listener) {
        listeners.add(listener);
        if (initialized) {
            notifier.execute(() -> deliver(listener, instances()));
        }
    }

    /** @return whether listeners remain */
    boolean remove(ChangedListener listener) {
        listeners.remove(listener);
        return !listeners.isEmpty();
    }

    /** The instances in the cache now. */
    List<Instance> instances() {
        List<Instance> instances = new ArrayList<>();
        for (ChildData child : cache.stream().toList()) {
            if (!providersPath.equals(ZKPaths.getPathAndNode(child.getPath()).getPath()) || child.getData() == null) {
                continue;
            }
            try {
                instances.add(ZkLayout.decode(child.getData()));
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring node {} of {}: {}", child.getPath(), service, e.getMessage());
            }
        }
        return List.copyOf(instances);
    }

    private void scheduleDelivery() {
        if (initialized && !closed && deliveryPending.compareAndSet(false, true)) {
            notifier.execute(() -> {
                deliveryPending.set(false);
                if (!closed) {
                    List<Instance> current = instances();
                    for (ChangedListener listener : listeners) {
                        deliver(listener, current);
                    }
                }
            });
        }
    }

    private void deliver(ChangedListener listener, List<Instance> current) {
        try {
            listener.onChange(service, current);
        } catch (RuntimeException e) {
            log.warn("Listener {} of {} failed; it stays subscribed", listener, service, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        cache.close();
    }
}
