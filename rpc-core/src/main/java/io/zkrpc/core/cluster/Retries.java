package io.zkrpc.core.cluster;

import io.zkrpc.core.RpcException;

/** Which failures may be tried again on another instance. */
public final class Retries {

    private Retries() {
    }

    /**
     * Failures where the method certainly did not run (connection refused, provider shutting
     * down) are retryable for every method; timeouts, broken connections and provider errors only
     * for idempotent methods; the service's own exceptions and bad requests never.
     */
    public static boolean retryable(Throwable failure, boolean idempotent) {
        if (!(failure instanceof RpcException rpc)) {
            return false;
        }
        if (rpc.code().nothingExecuted()) {
            return rpc.code() != io.zkrpc.core.RpcErrorCode.NO_PROVIDER;
        }
        return switch (rpc.code()) {
            case TIMEOUT, NETWORK_ERROR, PROVIDER_ERROR -> idempotent;
            default -> false;
        };
    }
}
