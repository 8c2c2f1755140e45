package io.zkrpc.registry.zk;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** A listener that keeps every list delivered to it, in order. */
final class RecordingListener implements ChangedListener {

    private final List<List<Instance>> received = new CopyOnWriteArrayList<>();
    private volatile List<Instance> latest;

    @Override
    public void onChange(ServiceKey service, List<Instance> instances) {
        received.add(instances);
        latest = instances;
    }

    /** The last list delivered, or {@code null} before the first delivery. */
    List<Instance> latest() {
        return latest;
    }

    /** Every list delivered so far. */
    List<List<Instance>> received() {
        return List.copyOf(received);
    }

    /** Whether the last list delivered holds exactly {@code expected}, in any order. */
    boolean holds(Set<Instance> expected) {
        List<Instance> current = latest;
        return current != null && current.size() == expected.size() && new HashSet<>(current).equals(expected);
    }

    /** Waits until the last list delivered holds exactly {@code expected}. */
    void awaitLatest(Duration timeout, Instance... expected) {
        Set<Instance> wanted = Set.of(expected);
        Polling.await("a delivery of exactly " + wanted + " (deliveries: " + received + ")").atMost(timeout).until(() -> holds(wanted));
    }
}
