package io.zkrpc.core;

import java.util.Objects;

/**
 * The one failure type of the RPC machinery. It carries a stable {@link RpcErrorCode}, and where
 * known the service, method and instance involved, and the type of a remote exception that could
 * not be rethrown as itself.
 */
public class RpcException extends RuntimeException {

    private final RpcErrorCode code;
    private final String remoteType;

    public RpcException(RpcErrorCode code, String message) {
        this(code, message, null, null);
    }

    public RpcException(RpcErrorCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    /**
     * @param remoteType the class name of the exception raised on the provider, or {@code null}
     */
    public RpcException(RpcErrorCode code, String message, String remoteType, Throwable cause) {
        super("[" + Objects.requireNonNull(code, "code") + "] " + message, cause);
        this.code = code;
        this.remoteType = remoteType;
    }

    public RpcErrorCode code() {
        return code;
    }

    /** The class name of the exception the provider raised, or {@code null} when none did. */
    public String remoteType() {
        return remoteType;
    }
}
