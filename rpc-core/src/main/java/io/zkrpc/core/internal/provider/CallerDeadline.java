package io.zkrpc.core.internal.provider;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.codec.JsonCodec;

/**
 * The caller's remaining time, sent as the {@link JsonCodec#TIMEOUT_ATTACHMENT} attachment and
 * counted from the request's arrival, so that a request that waited too long for a thread is
 * refused rather than run for a caller that gave up.
 */
final class CallerDeadline {

    private CallerDeadline() {
    }

    /**
     * The milliseconds the caller of {@code invocation}, which arrived at {@code receivedNanos}
     * ({@link System#nanoTime()}), still waits.
     *
     * @return those milliseconds, or -1 when the caller did not say
     * @throws RpcException {@code TIMEOUT} when none are left, {@code BAD_REQUEST} when the attachment is not a number
     */
    static long remainingMillis(Invocation invocation, long receivedNanos) {
        String timeout = invocation.attachment(JsonCodec.TIMEOUT_ATTACHMENT);
        if (timeout == null) {
            return -1;
        }
        long waitedMillis = (System.nanoTime() - receivedNanos) / 1_000_000;
        long allowedMillis;
        try {
            allowedMillis = Long.parseLong(timeout);
        } catch (NumberFormatException e) {
            throw new RpcException(RpcErrorCode.BAD_REQUEST, "Malformed request: " + JsonCodec.TIMEOUT_ATTACHMENT + " is not a number: " + timeout);
        }
        if (waitedMillis >= allowedMillis) {
            throw new RpcException(RpcErrorCode.TIMEOUT, "The caller's deadline of " + allowedMillis + " ms passed before "
                    + invocation + " started");
        }
        return allowedMillis - waitedMillis;
    }
}
