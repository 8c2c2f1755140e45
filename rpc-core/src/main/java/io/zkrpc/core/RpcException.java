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

    /** A failure of the RPC machinery itself, with no underlying cause. */
    public RpcException(RpcErrorCode code, String message) {
        this(code, message, null, null);
    }

    /** A failure caused by {@code cause}, which is kept so that the original stack trace is not lost. */
    public RpcException(RpcErrorCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    /**
     * A failure that may come from the provider, keeping the remote exception's type when it could
     * not be rethrown as itself.
     *
     * @param remoteType the class name of the exception raised on the provider, or {@code null}
     */
    public RpcException(RpcErrorCode code, String message, String remoteType, Throwable cause) {
        super("[" + Objects.requireNonNull(code, "code") + "] " + message, cause);
        this.code = code;
        this.remoteType = remoteType;
    }

    /** The stable error code, for callers that branch on the kind of failure rather than its message. */
    public RpcErrorCode code() {
        return code;
    }

    /** The class name of the exception the provider raised, or {@code null} when none did. */
    public String remoteType() {
        return remoteType;
    }
}
