package io.zkrpc.core.cluster;

import io.zkrpc.core.registry.Instance;

/**
 * What a consumer knows of the load on each instance, for balancers that prefer the less busy or
 * the faster one: its own attempts in flight and a decaying average of their latency, both per
 * address ({@code host:port}) and both seen from this consumer only.
 */
public interface LoadStats {

    /** Knows nothing: no call in flight, no latency. */
    LoadStats NONE = new LoadStats() {
        @Override
        public int inFlight(Instance instance) {
            return 0;
        }

        @Override
        public double latencyMillis(Instance instance) {
            return 0;
        }
    };

    /** The attempts this consumer has sent to {@code instance}'s address and not yet seen end. */
    int inFlight(Instance instance);

    /**
     * The exponentially weighted moving average of the latency of this consumer's attempts to
     * {@code instance}'s address, in milliseconds, decaying towards 0 while no attempt ends there
     * (so that an instance once slow is tried again later); 0 when none has ended yet.
     */
    double latencyMillis(Instance instance);
}
