package io.zkrpc.registry.zk;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * The subscription of one service: one {@link CuratorCache} on its providers node, and the
 * listeners it feeds. Cache events only mark the watch dirty; the full list is read from the
 * cache and delivered on the registry's thread, so that a burst of changes gives one delivery of
 * the final list and a slow listener never blocks ZooKeeper's event thread. A suspect mass removal
 * is held back, as its {@link RemovalGuard} decides, until a direct read confirms it.
 */
final class ServiceWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceWatch.class);
    private static final long CONFIRM_DELAY_MILLIS = 1_000;
    /** How long changes gather before one delivery: short next to a change's latency target, long next to a burst's events. */
    private static final long COALESCE_MILLIS = 20;

    private final ServiceKey service;
    private final CuratorCache cache;
    private final ScheduledExecutorService worker;
    private final RemovalGuard guard;
    private final Supplier<List<Instance>> directRead;
    private final List<ChangedListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean deliveryPending = new AtomicBoolean();
    private final SnapshotStore snapshot;
    private final InstanceNodes nodes;
    private volatile Instant lastChange;
    private volatile boolean initialized;
    private volatile boolean closed;

    /**
     * @param directRead reads the instances from ZooKeeper, bypassing the cache, to confirm a held-back change
     * @param snapshot where every delivered list is kept, or {@code null}
     * @param nodes decides which instance nodes count
     */
    ServiceWatch(CuratorFramework client, ServiceKey service, ScheduledExecutorService worker, RemovalGuard guard,
            Supplier<List<Instance>> directRead, SnapshotStore snapshot, InstanceNodes nodes) {
        this.nodes = nodes;
        this.service = service;
        this.snapshot = snapshot;
        this.worker = worker;
        this.guard = guard;
        this.directRead = directRead;
        this.cache = CuratorCache.build(client, ZkLayout.providersPath(service));
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
        // Read on the worker, after any delivery already queued, so that the newcomer never gets a stale list last.
        worker.execute(() -> {
            List<Instance> current = guard.delivered();
            if (current != null && !closed) {
                deliver(listener, current);
            }
        });
    }

    /** @return whether listeners remain */
    boolean remove(ChangedListener listener) {
        listeners.remove(listener);
        return !listeners.isEmpty();
    }

    /**
     * Marks the list changed; the delivery runs a short moment later, so that a burst of events
     * (a deploy restarting many instances) gives one delivery of the final list.
     */
    private void scheduleDelivery() {
        if (initialized && !closed && deliveryPending.compareAndSet(false, true)) {
            worker.schedule(() -> {
                deliveryPending.set(false);
                if (!closed && !guard.isHolding()) {
                    offer(nodes.cached(cache, service));
                }
            }, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void offer(List<Instance> current) {
        List<Instance> previous = guard.delivered();
        RemovalGuard.Decision decision = guard.offer(current);
        if (decision.hold()) {
            log.warn("Holding back a change of {} from {} to {} instance(s) while the ZooKeeper session is unstable; "
                    + "confirming with a direct read", service, decision.baseline().size(), current.size());
            worker.schedule(this::confirm, CONFIRM_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        deliverAll(previous, current);
    }

    /** Reads the instances directly; while ZooKeeper cannot answer, keeps holding and tries again. */
    private void confirm() {
        if (closed) {
            return;
        }
        List<Instance> read;
        try {
            read = directRead.get();
        } catch (RuntimeException e) {
            log.info("Cannot confirm the change of {} yet ({}); keeping {} instance(s)", service, e.getMessage(),
                    guard.delivered().size());
            worker.schedule(this::confirm, CONFIRM_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        List<Instance> previous = guard.delivered();
        guard.confirmed(read);
        log.info("A direct read of {} found {} instance(s); applying it", service, read.size());
        deliverAll(previous, read);
        scheduleDelivery();
    }

    /** Instances last delivered, or -1 before the first delivery. */
    int instanceCount() {
        List<Instance> current = guard.delivered();
        return current == null ? -1 : current.size();
    }

    Instant lastChange() {
        return lastChange;
    }

    boolean isHolding() {
        return guard.isHolding();
    }

    private void deliverAll(List<Instance> previous, List<Instance> current) {
        if (!current.equals(previous)) {
            lastChange = Instant.now();
        }
        if (snapshot != null) {
            snapshot.put(service, current);
        }
        for (ChangedListener listener : listeners) {
            deliver(listener, current);
        }
    }

    private void deliver(ChangedListener listener, List<Instance> current) {
        try {
            listener.onChange(service, current);
        } catch (RuntimeException e) {
            log.warn("Listener {} of {} failed; it stays subscribed", listener, service, e);
        }
    }

    /** Delivers nothing more, without closing the cache yet. */
    void stopDelivering() {
        closed = true;
    }

    @Override
    public void close() {
        closed = true;
        cache.close();
    }
}
