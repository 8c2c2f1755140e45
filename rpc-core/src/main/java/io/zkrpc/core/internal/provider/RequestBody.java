package io.zkrpc.core.internal.provider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.LongSupplier;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.provider.RequestLimits;

/**
 * Reads a request body within a size limit and a time limit, so that one caller can neither exhaust
 * the heap nor hold a thread by sending slowly. The buffer grows with the bytes that actually
 * arrive: an announced {@code Content-Length} is checked against the limit but never allocated
 * ahead.
 *
 * <p>Time is checked between reads: a body that keeps trickling is dropped once it is past the
 * deadline or below the minimum rate; a connection that sends nothing at all blocks one read
 * until the server's own read timeout (Tomcat's {@code connectionTimeout}) ends it.
 */
final class RequestBody {

    /** The first buffer: most requests fit, and an announced length never makes it larger. */
    private static final int FIRST_BUFFER = 8 * 1024;

    private RequestBody() {
    }

    /**
     * Reads at most {@code maxRequestSize} bytes; a body whose length the transport knows
     * ({@code contentLength}, else -1) must have exactly that length.
     *
     * @param nanoClock the clock the time limits are measured with ({@link System#nanoTime()})
     * @throws RpcException {@code PAYLOAD_TOO_LARGE} for a larger body, {@code BAD_REQUEST} for one
     *                      shorter than its announced length or arriving too slowly
     */
    static byte[] read(InputStream body, long contentLength, int maxRequestSize, RequestLimits limits, LongSupplier nanoClock)
            throws IOException {
        if (contentLength > maxRequestSize) {
            throw tooLarge(maxRequestSize);
        }
        long expected = contentLength >= 0 ? contentLength : maxRequestSize;
        long start = nanoClock.getAsLong();
        long deadline = limits.bodyReadTimeout().toNanos();
        long grace = limits.minBodyRateGrace().toNanos();
        byte[] buffer = new byte[(int) Math.min(FIRST_BUFFER, expected + 1)];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                if (size > maxRequestSize) {
                    throw tooLarge(maxRequestSize);
                }
                // One byte beyond the limit tells a body of exactly the limit from a larger one.
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) maxRequestSize + 1, 2L * size));
            }
            int n = body.read(buffer, size, buffer.length - size);
            if (n < 0) {
                break;
            }
            size += n;
            long elapsed = nanoClock.getAsLong() - start;
            if (size > maxRequestSize) {
                throw tooLarge(maxRequestSize);
            }
            if (contentLength >= 0 && size >= contentLength) {
                break;
            }
            if (elapsed > deadline) {
                throw tooSlow("the body took longer than " + limits.bodyReadTimeout().toMillis() + " ms to arrive");
            }
            if (elapsed > grace && size < limits.minBodyRate() * ((elapsed - grace) / 1_000_000_000.0)) {
                throw tooSlow("the body arrived slower than " + limits.minBodyRate() + " bytes/s");
            }
        }
        if (contentLength >= 0 && size < contentLength) {
            throw new RpcException(RpcErrorCode.BAD_REQUEST, "Malformed request: the body is shorter than its "
                    + contentLength + " bytes");
        }
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    private static RpcException tooSlow(String message) {
        return new RpcException(RpcErrorCode.BAD_REQUEST, "Request dropped: " + message);
    }

    private static RpcException tooLarge(int maxRequestSize) {
        return new RpcException(RpcErrorCode.PAYLOAD_TOO_LARGE, "The request is larger than " + maxRequestSize + " bytes");
    }
}
