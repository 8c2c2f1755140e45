package io.zkrpc.registry.zk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.registry.ServiceKey;

/**
 * Finds where else a service's interface is registered, for the message of a call that found no
 * instance: under every environment node (at most {@value #MAX_ENVIRONMENTS}), the service nodes of
 * the same interface, whatever their version, and the count of their instance nodes (at most
 * {@value #MAX_PLACES} places). It runs on the failing call's thread, so it is bounded: at most
 * {@value #MAX_READS} reads in all (each {@code getChildren}, the root's and those of service nodes
 * without instances included), within {@value #DEADLINE_MILLIS} ms, without Curator's retries; past
 * either bound it gives up with no answer. One lookup per service at a time: calls failing meanwhile
 * take the last answer, or none. An answer is kept for {@value #TTL_MILLIS} ms, so that calls
 * failing in a loop do not load ZooKeeper.
 */
final class Elsewhere {

    private static final Logger log = LoggerFactory.getLogger(Elsewhere.class);
    static final int MAX_ENVIRONMENTS = 16;
    static final int MAX_PLACES = 8;
    static final int MAX_READS = 32;
    static final long DEADLINE_MILLIS = 500;
    static final long TTL_MILLIS = 5_000;
    private static final int MAX_CACHED = 256;

    /** Reads the children of a node; {@link KeeperException.NoNodeException} when it is gone. */
    @FunctionalInterface
    interface Children {

        List<String> of(String path, long timeoutNanos) throws Exception;

        /**
         * Asks ZooKeeper's own client, in {@code client}'s namespace: one request, no retry, and
         * waits at most the time given.
         */
        static Children of(CuratorFramework client) {
            return (path, timeoutNanos) -> {
                ZooKeeper zooKeeper = client.getZookeeperClient().getZooKeeper();
                CompletableFuture<List<String>> answer = new CompletableFuture<>();
                zooKeeper.getChildren(ZKPaths.fixForNamespace(client.getNamespace(), path), false, (code, at, context, children) -> {
                    if (code == KeeperException.Code.OK.intValue()) {
                        answer.complete(children);
                    } else {
                        answer.completeExceptionally(KeeperException.create(KeeperException.Code.get(code), at));
                    }
                }, null);
                try {
                    return answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            };
        }
    }

    private record Answer(long at, Map<ServiceKey, Integer> places) {
    }

    /** One lookup's bounds: the reads left and the time it must end by. */
    private final class Budget {

        private final long deadline;
        private int reads = MAX_READS;

        Budget(long now) {
            this.deadline = now + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        }

        /** The children of {@code path}, none when it is gone, {@code null} once the reads are spent. */
        List<String> children(String path) throws Exception {
            if (reads == 0) {
                return null;
            }
            reads--;
            long left = deadline - nanoClock.getAsLong();
            if (left <= 0) {
                throw new TimeoutException("no time left");
            }
            try {
                return children.of(path, left);
            } catch (KeeperException.NoNodeException gone) {
                return List.of();
            }
        }
    }

    private final Children children;
    private final BooleanSupplier connected;
    private final LongSupplier nanoClock;
    private final Map<ServiceKey, Answer> cache = new ConcurrentHashMap<>();
    private final Set<ServiceKey> inFlight = ConcurrentHashMap.newKeySet();

    Elsewhere(Children children, BooleanSupplier connected, LongSupplier nanoClock) {
        this.children = children;
        this.connected = connected;
        this.nanoClock = nanoClock;
    }

    /** The instance counts of {@code service}'s interface under other environments and versions; none while unreachable. */
    Map<ServiceKey, Integer> find(ServiceKey service) {
        if (!connected.getAsBoolean()) {
            return Map.of();
        }
        long now = nanoClock.getAsLong();
        Answer cached = cache.get(service);
        if (cached != null && now - cached.at() < TimeUnit.MILLISECONDS.toNanos(TTL_MILLIS)) {
            return cached.places();
        }
        if (!inFlight.add(service)) {
            return cached == null ? Map.of() : cached.places(); // another call is looking
        }
        try {
            Map<ServiceKey, Integer> places;
            try {
                places = read(service, new Budget(now));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.debug("Could not look for {} elsewhere: {}", service, e.toString());
                places = Map.of();
            }
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(service, new Answer(now, places));
            return places;
        } finally {
            inFlight.remove(service);
        }
    }

    private static Map<ServiceKey, Integer> read(ServiceKey service, Budget budget) throws Exception {
        Map<ServiceKey, Integer> places = new LinkedHashMap<>();
        List<String> environments = budget.children("/").stream().sorted().limit(MAX_ENVIRONMENTS).toList();
        for (String environment : environments) {
            List<String> services = budget.children("/" + environment);
            if (services == null) {
                break;
            }
            for (String serviceId : services.stream().sorted().toList()) {
                ServiceKey key = keyOf(service.interfaceName(), serviceId, environment);
                if (key == null || key.equals(service)) {
                    continue;
                }
                List<String> instances = budget.children(ZkLayout.providersPath(key));
                if (instances == null) {
                    return Map.copyOf(places);
                }
                if (!instances.isEmpty()) {
                    places.put(key, instances.size());
                }
                if (places.size() >= MAX_PLACES) {
                    return Map.copyOf(places);
                }
            }
        }
        return Map.copyOf(places);
    }

    /** The key a service node names when it is one of {@code interfaceName}'s, else {@code null}. */
    private static ServiceKey keyOf(String interfaceName, String serviceId, String environment) {
        if (serviceId.equals(interfaceName)) {
            return new ServiceKey(interfaceName, "", environment);
        }
        if (serviceId.startsWith(interfaceName + ":")) {
            return new ServiceKey(interfaceName, serviceId.substring(interfaceName.length() + 1), environment);
        }
        return null;
    }
}
