package io.zkrpc.core.internal.observation;

/** A call made current on a thread, until closed on that same thread. */
@FunctionalInterface
public interface Scope extends AutoCloseable {

    /** A scope that makes nothing current. */
    Scope NONE = () -> {
    };

    @Override
    void close();
}
