package io.zkrpc.registry.zk;

import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** Reads instance lists: from ZooKeeper while the session is up, else from the snapshot file. */
final class Lookups {

    private static final Logger log = LoggerFactory.getLogger(Lookups.class);

    private final CuratorFramework client;
    private final SessionMachine session;
    private final SnapshotStore snapshot;
    private final InstanceNodes nodes;

    /** @param snapshot the last known lists, or {@code null} for none */
    Lookups(CuratorFramework client, SessionMachine session, SnapshotStore snapshot, InstanceNodes nodes) {
        this.client = client;
        this.nodes = nodes;
        this.session = session;
        this.snapshot = snapshot;
    }

    /**
     * The instances of {@code service}; while ZooKeeper is unreachable, the snapshot's.
     *
     * @throws RpcException {@code REGISTRY_UNAVAILABLE} when ZooKeeper is unreachable and the
     *         snapshot has no list for the service
     */
    List<Instance> fetch(ServiceKey service) {
        if (session.isConnected()) {
            return direct(service);
        }
        List<Instance> kept = snapshot == null ? null : snapshot.get(service);
        if (kept == null) {
            throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "The registry is unreachable and there is no snapshot for service " + service);
        }
        session.snapshotServed();
        log.warn("ZooKeeper is unreachable: {} starts from the snapshot {} ({} instance(s))", service, snapshot.file(), kept.size());
        return kept;
    }

    /**
     * Reads the instances from ZooKeeper itself, never from the snapshot.
     *
     * @throws RpcException {@code REGISTRY_UNAVAILABLE} when ZooKeeper is unreachable
     */
    List<Instance> direct(ServiceKey service) {
        if (!session.isConnected()) {
            throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "ZooKeeper is unreachable");
        }
        return ZooKeeperCalls.get("read the instances of " + service, () -> nodes.read(client, service));
    }
}
