package io.zkrpc.registry.zk;

import java.util.List;
import java.util.function.BooleanSupplier;

import io.zkrpc.core.registry.Instance;

/**
 * Decides whether a new instance list of one service is delivered or held back as a suspect mass
 * removal. A change that removes every instance, or more than {@code maxRemovalShare} of them,
 * while the session is unstable (suspended, or just re-established, when expiring sessions make
 * nodes vanish that are about to be re-created) is held back until a direct read confirms it.
 * While the session is unstable, removals add up against the last list trusted, so that instances
 * vanishing one by one (each expired session is an event of its own) are caught too.
 *
 * <p>Pure: no ZooKeeper, no threads; whether the session is stable is asked of the supplier passed
 * in. Not thread-safe: one thread (the registry's) offers and confirms; others may only read.
 */
final class RemovalGuard {

    /**
     * What to do with an offered list.
     *
     * @param hold whether it is held back
     * @param baseline the list it was compared with, or {@code null} when there was none
     */
    record Decision(boolean hold, List<Instance> baseline) {
    }

    private final boolean enabled;
    private final double maxRemovalShare;
    private final BooleanSupplier stable;
    private volatile List<Instance> delivered;
    /** The last list delivered while the session was stable, or confirmed by a direct read. */
    private volatile List<Instance> trusted;
    private volatile boolean holding;

    /**
     * @param enabled whether mass removals are checked at all
     * @param maxRemovalShare the share of instances a change may remove without a check
     * @param stable whether the session is stable now
     */
    RemovalGuard(boolean enabled, double maxRemovalShare, BooleanSupplier stable) {
        this.enabled = enabled;
        this.maxRemovalShare = maxRemovalShare;
        this.stable = stable;
    }

    /** Decides on {@code current}; a list not held back counts as delivered. */
    Decision offer(List<Instance> current) {
        boolean unstable = !stable.getAsBoolean();
        List<Instance> baseline = unstable && trusted != null ? trusted : delivered;
        if (enabled && unstable && baseline != null && isMassRemoval(baseline, current)) {
            holding = true;
            return new Decision(true, baseline);
        }
        delivered = current;
        if (!unstable || trusted == null) {
            trusted = current;
        }
        return new Decision(false, baseline);
    }

    /** Takes {@code read}, from ZooKeeper itself, as delivered and trusted; ends a hold. */
    void confirmed(List<Instance> read) {
        delivered = read;
        trusted = read;
        holding = false;
    }

    /** Whether a change is held back now. */
    boolean isHolding() {
        return holding;
    }

    /** The last list delivered, or {@code null} before the first. */
    List<Instance> delivered() {
        return delivered;
    }

    private boolean isMassRemoval(List<Instance> previous, List<Instance> current) {
        if (previous.isEmpty()) {
            return false;
        }
        long removed = previous.stream().filter(instance -> !current.contains(instance)).count();
        return current.isEmpty() || removed > maxRemovalShare * previous.size();
    }
}
