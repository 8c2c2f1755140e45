package io.zkrpc.core.internal.provider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
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

    /** The largest buffer given back to the pool: the pool holds at most 8 of them. */
    private static final int MAX_POOLED = 1024 * 1024;

    /**
     * Buffers for {@link #readPooled}, a slot per group of threads (by thread id), so that a body
     * read allocates nothing once its slot holds a buffer large enough: taken by the reading
     * thread, given back once the request is decoded.
     */
    private static final AtomicReferenceArray<byte[]> POOL = new AtomicReferenceArray<>(8);

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
        long expected = contentLength >= 0 ? contentLength : maxRequestSize;
        Bytes bytes = read(body, contentLength, maxRequestSize, limits, nanoClock, new byte[(int) Math.min(FIRST_BUFFER, expected + 1)]);
        return bytes.length() == bytes.array().length ? bytes.array() : Arrays.copyOf(bytes.array(), bytes.length());
    }

    /**
     * Reads as {@link #read(InputStream, long, int, RequestLimits, LongSupplier)} does into a buffer
     * of the {@link #POOL}, grown as the bytes arrive; the caller gives it back with {@link #release}
     * once nothing reads it any more.
     */
    static Bytes readPooled(InputStream body, long contentLength, int maxRequestSize, RequestLimits limits, LongSupplier nanoClock)
            throws IOException {
        int slot = (int) Thread.currentThread().getId() & (POOL.length() - 1);
        byte[] buffer = POOL.getAndSet(slot, null);
        return read(body, contentLength, maxRequestSize, limits, nanoClock, buffer != null ? buffer : new byte[FIRST_BUFFER]);
    }

    /** Gives a buffer of {@link #readPooled} back, unless it grew too large to keep. */
    static void release(Bytes bytes) {
        if (bytes.array().length <= MAX_POOLED) {
            POOL.lazySet((int) Thread.currentThread().getId() & (POOL.length() - 1), bytes.array());
        }
    }

    /** The first {@code length} bytes of {@code array} are the body. */
    record Bytes(byte[] array, int length) {
    }

    private static Bytes read(InputStream body, long contentLength, int maxRequestSize, RequestLimits limits, LongSupplier nanoClock,
            byte[] buffer) throws IOException {
        if (contentLength > maxRequestSize) {
            throw tooLarge(maxRequestSize);
        }
        long start = nanoClock.getAsLong();
        long deadline = limits.bodyReadTimeout().toNanos();
        long grace = limits.minBodyRateGrace().toNanos();
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                if (size > maxRequestSize) {
                    throw tooLarge(maxRequestSize);
                }
                // One byte beyond the limit tells a body of exactly the limit from a larger one.
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) maxRequestSize + 1, 2L * size));
            }
            // Never past the announced length nor a byte beyond the limit, whatever room a pooled buffer has.
            long wanted = Math.min(buffer.length - size, (contentLength >= 0 ? contentLength : maxRequestSize + 1L) - size);
            int n = body.read(buffer, size, (int) wanted);
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
        return new Bytes(buffer, size);
    }

    private static RpcException tooSlow(String message) {
        return new RpcException(RpcErrorCode.BAD_REQUEST, "Request dropped: " + message);
    }

    private static RpcException tooLarge(int maxRequestSize) {
        return new RpcException(RpcErrorCode.PAYLOAD_TOO_LARGE, "The request is larger than " + maxRequestSize + " bytes");
    }
}
