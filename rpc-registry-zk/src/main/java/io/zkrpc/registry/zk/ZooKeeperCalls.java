package io.zkrpc.registry.zk;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;

/** The one way a failed call to ZooKeeper reaches callers: an {@link RpcException} {@code REGISTRY_UNAVAILABLE} naming the call. */
final class ZooKeeperCalls {

    /** A call to ZooKeeper that returns something, and may fail in every way Curator does. */
    @FunctionalInterface
    interface Read<T> {
        T get() throws Exception;
    }

    /** A call to ZooKeeper that returns nothing, and may fail in every way Curator does. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private ZooKeeperCalls() {
    }

    /** Runs {@code action}; an {@link RpcException} it throws passes unchanged, any other failure becomes one. */
    static void run(String description, Action action) {
        get(description, () -> {
            action.run();
            return null;
        });
    }

    /** Runs {@code read} and returns its result; an {@link RpcException} it throws passes unchanged, any other failure becomes one. */
    static <T> T get(String description, Read<T> read) {
        try {
            return read.get();
        } catch (RpcException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "Could not " + description + ": " + e, e);
        }
    }
}
