package io.zkrpc.registry.zk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.registry.ServiceKey;

/**
 * Finds where else a service's interface is registered, for the message of a call that found no
 * instance: under every environment node (at most {@value #MAX_ENVIRONMENTS}), the service nodes of
 * the same interface, whatever their version, and the count of their instance nodes. At most
 * 1 + {@value #MAX_ENVIRONMENTS} + {@value #MAX_PLACES} reads, and the answer is kept for
 * {@value #TTL_MILLIS} ms, so that calls failing in a loop do not load ZooKeeper.
 */
final class Elsewhere {

    private static final Logger log = LoggerFactory.getLogger(Elsewhere.class);
    static final int MAX_ENVIRONMENTS = 16;
    static final int MAX_PLACES = 8;
    static final long TTL_MILLIS = 5_000;
    private static final int MAX_CACHED = 256;

    private record Answer(long at, Map<ServiceKey, Integer> places) {
    }

    private final CuratorFramework client;
    private final SessionMachine session;
    private final LongSupplier nanoClock;
    private final Map<ServiceKey, Answer> cache = new ConcurrentHashMap<>();

    Elsewhere(CuratorFramework client, SessionMachine session, LongSupplier nanoClock) {
        this.client = client;
        this.session = session;
        this.nanoClock = nanoClock;
    }

    /** The instance counts of {@code service}'s interface under other environments and versions; none while unreachable. */
    Map<ServiceKey, Integer> find(ServiceKey service) {
        if (!session.isConnected()) {
            return Map.of();
        }
        long now = nanoClock.getAsLong();
        Answer cached = cache.get(service);
        if (cached != null && now - cached.at() < TTL_MILLIS * 1_000_000) {
            return cached.places();
        }
        Map<ServiceKey, Integer> places;
        try {
            places = read(service);
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
    }

    private Map<ServiceKey, Integer> read(ServiceKey service) throws Exception {
        Map<ServiceKey, Integer> places = new LinkedHashMap<>();
        List<String> environments = client.getChildren().forPath("/").stream().sorted().limit(MAX_ENVIRONMENTS).toList();
        for (String environment : environments) {
            List<String> services;
            try {
                services = client.getChildren().forPath("/" + environment);
            } catch (KeeperException.NoNodeException gone) {
                continue;
            }
            for (String serviceId : services.stream().sorted().toList()) {
                ServiceKey key = keyOf(service.interfaceName(), serviceId, environment);
                if (key == null || key.equals(service)) {
                    continue;
                }
                try {
                    int instances = client.getChildren().forPath(ZkLayout.providersPath(key)).size();
                    if (instances > 0) {
                        places.put(key, instances);
                    }
                } catch (KeeperException.NoNodeException gone) {
                    // a service node without providers
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
