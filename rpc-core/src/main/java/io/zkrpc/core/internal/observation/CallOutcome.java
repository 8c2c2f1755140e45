package io.zkrpc.core.internal.observation;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.internal.support.Futures;

/**
 * How a call ended, in the words of the observations and the access log: {@code SUCCESS}; the
 * service's own exception ({@code SERVICE_EXCEPTION}); or a failure of the RPC machinery ({@code RPC_ERROR}).
 */
public final class CallOutcome {

    /** The call returned a value. */
    public static final String SUCCESS = "SUCCESS";
    /** The service method threw: its own exception, or an {@link RpcErrorCode#SERVICE_EXCEPTION}. */
    public static final String SERVICE_EXCEPTION = "SERVICE_EXCEPTION";
    /** The RPC machinery failed: any other {@link RpcErrorCode}. */
    public static final String RPC_ERROR = "RPC_ERROR";
    /** The error code of a successful call. */
    public static final String NO_ERROR = "none";

    private CallOutcome() {
    }

    /** The outcome of a call that ended with {@code failure}, {@code null} for success. */
    public static String of(Throwable failure) {
        if (failure == null) {
            return SUCCESS;
        }
        return Futures.unwrap(failure) instanceof RpcException rpc && rpc.code() != RpcErrorCode.SERVICE_EXCEPTION
                ? RPC_ERROR : SERVICE_EXCEPTION;
    }

    /**
     * The error code of a call that ended with {@code failure}: the {@link RpcErrorCode}'s name for
     * an {@link RpcException}, else the simple name of the exception's class; {@code none} for success.
     */
    public static String errorCode(Throwable failure) {
        if (failure == null) {
            return NO_ERROR;
        }
        Throwable cause = Futures.unwrap(failure);
        if (cause instanceof RpcException rpc) {
            return rpc.code().name();
        }
        String simple = cause.getClass().getSimpleName();
        return simple.isEmpty() ? cause.getClass().getName() : simple;
    }
}
