package io.zkrpc.registry.zk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;

/**
 * The subscribed services: one {@link ServiceWatch} per service, shared by its listeners and
 * closed with the last of them.
 */
final class Subscriptions {

    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

    private final Map<ServiceKey, ServiceWatch> watches = new ConcurrentHashMap<>();
    private final Function<ServiceKey, ServiceWatch> factory;
    private final Executor closer;

    /**
     * @param factory makes the watch of a service
     * @param closer runs closes that may wait for ZooKeeper, off the caller's thread */
    Subscriptions(Function<ServiceKey, ServiceWatch> factory, Executor closer) {
        this.factory = factory;
        this.closer = closer;
    }

    /** A factory of watches on {@code client}, guarded by {@code session}, delivering on {@code worker}. */
    static Function<ServiceKey, ServiceWatch> watches(CuratorFramework client, ScheduledExecutorService worker, ZkRegistrySettings settings,
            SessionMachine session, Function<ServiceKey, List<Instance>> directRead, SnapshotStore snapshot, InstanceNodes nodes) {
        return service -> new ServiceWatch(client, service, worker,
                new RemovalGuard(settings.protection(), settings.maxRemovalShare(), session::isStable),
                () -> directRead.apply(service), snapshot, nodes);
    }

    Subscription subscribe(ServiceKey service, ChangedListener listener) {
        // The listener joins inside compute, so that a concurrent last unsubscribe cannot close the watch in between.
        watches.compute(service, (key, existing) -> {
            ServiceWatch watch = existing;
            if (watch == null) {
                watch = factory.apply(key);
                watch.start();
                log.atInfo().addKeyValue("service", key.toString()).log("Subscribed to {}", key);
            }
            watch.add(listener);
            return watch;
        });
        return () -> watches.computeIfPresent(service, (key, current) -> {
            if (current.remove(listener)) {
                return current;
            }
            current.stopDelivering();
            closer.execute(current::close);
            log.atInfo().addKeyValue("service", key.toString()).log("Unsubscribed from {}", key);
            return null;
        });
    }

    /**
     * Ends every subscription. While ZooKeeper is unreachable, closing a cache would wait out every
     * retry to remove its watch on the server; closing the client ends the watch too.
     */
    void closeAll(boolean connected) {
        watches.values().forEach(connected ? ServiceWatch::close : ServiceWatch::stopDelivering);
        watches.clear();
    }

    /** The instance count of every subscribed service, by name. */
    Map<String, Integer> instanceCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        watches.forEach((service, watch) -> counts.put(service.toString(), watch.instanceCount()));
        return counts;
    }

    /** The services whose last change is held back. */
    List<String> heldBack() {
        List<String> held = new ArrayList<>();
        watches.forEach((service, watch) -> {
            if (watch.isHolding()) {
                held.add(service.toString());
            }
        });
        held.sort(null);
        return held;
    }

    /** When a subscribed list last changed, or {@code null}. */
    Instant lastChange() {
        Instant last = null;
        for (ServiceWatch watch : watches.values()) {
            Instant changed = watch.lastChange();
            if (changed != null && (last == null || changed.isAfter(last))) {
                last = changed;
            }
        }
        return last;
    }
}
