package io.zkrpc.registry.zk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
 * cache and delivered on the registry's thread, so that a burst of changes gives one delivery of
 * the final list and a slow listener never blocks ZooKeeper's event thread.
 *
 * <p>A change that removes every instance, or more than a share of them, while the session is
 * unstable (suspended or just re-established, when expiring sessions make nodes vanish that are
 * about to be re-created) is held back until a direct read confirms it. While it is unstable,
 * removals are counted together against the last list delivered while it was stable.
 */
final class ServiceWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceWatch.class);
    private static final long CONFIRM_DELAY_MILLIS = 1_000;
    /** How long changes gather before one delivery: short next to a change's latency target, long next to a burst's events. */
    private static final long COALESCE_MILLIS = 20;

    /**
     * @param enabled whether mass removals are checked at all
     * @param maxRemovalShare the share of instances a change may remove without a check
     * @param unstable whether the session is unstable now
     * @param directRead reads the instances from ZooKeeper, bypassing the cache
     */
    record Protection(boolean enabled, double maxRemovalShare, BooleanSupplier unstable, Supplier<List<Instance>> directRead) {
    }

    private final ServiceKey service;
    private final String providersPath;
    private final CuratorCache cache;
    private final ScheduledExecutorService worker;
    private final Protection protection;
    private final List<ChangedListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean deliveryPending = new AtomicBoolean();
    private final SnapshotStore snapshot;
    private volatile List<Instance> delivered;
    /** The last list delivered while the session was stable, or confirmed by a direct read. */
    private volatile List<Instance> trusted;
    private volatile Instant lastChange;
    private volatile boolean holding;
    private volatile boolean initialized;
    private volatile boolean closed;

    ServiceWatch(CuratorFramework client, ServiceKey service, ScheduledExecutorService worker, Protection protection,
            SnapshotStore snapshot) {
        this.service = service;
        this.snapshot = snapshot;
        this.providersPath = ZkLayout.providersPath(service);
        this.worker = worker;
        this.protection = protection;
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
        // Read on the worker, after any delivery already queued, so that the newcomer never gets a stale list last.
        worker.execute(() -> {
            List<Instance> current = delivered;
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

    /**
     * Marks the list changed; the delivery runs a short moment later, so that a burst of events
     * (a deploy restarting many instances) gives one delivery of the final list.
     */
    private void scheduleDelivery() {
        if (initialized && !closed && deliveryPending.compareAndSet(false, true)) {
            worker.schedule(() -> {
                deliveryPending.set(false);
                if (!closed && !holding) {
                    offer(instances());
                }
            }, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void offer(List<Instance> current) {
        boolean unstable = protection.unstable().getAsBoolean();
        // While the session is unstable, removals add up against the last trusted list, so that
        // instances vanishing one by one (each expired session is an event of its own) are caught too.
        List<Instance> baseline = unstable && trusted != null ? trusted : delivered;
        if (baseline != null && protection.enabled() && unstable && isMassRemoval(baseline, current)) {
            holding = true;
            log.warn("Holding back a change of {} from {} to {} instance(s) while the ZooKeeper session is unstable; "
                    + "confirming with a direct read", service, baseline.size(), current.size());
            worker.schedule(this::confirm, CONFIRM_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        deliverAll(current);
        if (!unstable || trusted == null) {
            trusted = current;
        }
    }

    /** Reads the instances directly; while ZooKeeper cannot answer, keeps holding and tries again. */
    private void confirm() {
        if (closed) {
            return;
        }
        List<Instance> read;
        try {
            read = protection.directRead().get();
        } catch (RuntimeException e) {
            log.info("Cannot confirm the change of {} yet ({}); keeping {} instance(s)", service, e.getMessage(), delivered.size());
            worker.schedule(this::confirm, CONFIRM_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        holding = false;
        log.info("A direct read of {} found {} instance(s); applying it", service, read.size());
        deliverAll(read);
        trusted = read;
        scheduleDelivery();
    }

    private boolean isMassRemoval(List<Instance> previous, List<Instance> current) {
        if (previous.isEmpty()) {
            return false;
        }
        long removed = previous.stream().filter(instance -> !current.contains(instance)).count();
        return current.isEmpty() || removed > protection.maxRemovalShare() * previous.size();
    }

    /** Instances last delivered, or -1 before the first delivery. */
    int instanceCount() {
        List<Instance> current = delivered;
        return current == null ? -1 : current.size();
    }

    Instant lastChange() {
        return lastChange;
    }

    boolean isHolding() {
        return holding;
    }

    private void deliverAll(List<Instance> current) {
        if (!current.equals(delivered)) {
            lastChange = Instant.now();
        }
        delivered = current;
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
