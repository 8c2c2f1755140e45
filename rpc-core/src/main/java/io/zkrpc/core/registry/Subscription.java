package io.zkrpc.core.registry;

/** A subscription made with {@link RegistryCenter#subscribe}; closing it unsubscribes. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Stops delivering changes to the listener. Idempotent. */
    @Override
    void close();
}
