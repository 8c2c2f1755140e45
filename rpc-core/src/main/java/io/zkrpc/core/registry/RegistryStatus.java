package io.zkrpc.core.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a registry is doing, for operators (an Actuator endpoint and health indicator with the
 * Spring Boot starter).
 *
 * @param registry the kind of registry and where it is, such as {@code zookeeper 127.0.0.1:2181}
 * @param connected whether the registry answers now
 * @param session the registry session, such as ZooKeeper's session id, or {@code null}
 * @param registered the instance nodes this process keeps registered
 * @param subscriptions the instance count of every subscribed service
 * @param lastChange when a subscribed list last changed, or {@code null}
 * @param snapshotInUse whether lists were served from the local snapshot because the registry was unreachable
 * @param heldBack the services whose last change is held back until a direct read confirms it
 */
public record RegistryStatus(String registry, boolean connected, String session, List<String> registered,
        Map<String, Integer> subscriptions, Instant lastChange, boolean snapshotInUse, List<String> heldBack) {
}
