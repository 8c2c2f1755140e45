package io.zkrpc.core.registry;

import java.util.List;

/** Receives the complete, current instance list of a subscribed service whenever it changes. */
@FunctionalInterface
public interface ChangedListener {

    /**
     * @param service the subscribed service
     * @param instances every instance now known, immutable; empty when none is left
     */
    void onChange(ServiceKey service, List<Instance> instances);
}
