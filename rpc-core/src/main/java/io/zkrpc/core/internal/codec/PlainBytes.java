package io.zkrpc.core.internal.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Skips the plain run of a JSON string: the bytes that are neither its quote, nor a backslash, nor
 * a control byte (below {@code 0x20}); every other byte, UTF-8's multi-byte sequences included,
 * needs no look. Eight bytes are tested at a time (SWAR), so a long string costs a fraction of a
 * byte-by-byte loop; the scanners then look at the one byte where the run stops.
 */
final class PlainBytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long BACKSLASHES = ONES * '\\';
    private static final long CONTROL_BOUND = ONES * 0x20;

    private PlainBytes() {
    }

    /**
     * The first index in {@code [from, to)} whose byte is {@code quote}, a backslash or a control
     * byte, or {@code to} when there is none ({@code from} when that is past {@code to}).
     */
    static int skip(byte[] in, int from, int to, byte quote) {
        long quotes = ONES * (quote & 0xff);
        int p = from;
        // Each term flags (in the byte's high bit) a byte equal to the quote, to a backslash, or below 0x20.
        // A borrow can flag a byte above a true hit, never below one: the lowest flag is the first hit.
        for (; p <= to - 8; p += 8) {
            long word = (long) LONGS.get(in, p);
            long q = word ^ quotes;
            long s = word ^ BACKSLASHES;
            long hits = ((q - ONES) & ~q | (s - ONES) & ~s | (word - CONTROL_BOUND) & ~word) & HIGHS;
            if (hits != 0) {
                return p + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; p < to; p++) {
            byte b = in[p];
            if (b == quote || b == '\\' || b >= 0 && b < 0x20) {
                return p;
            }
        }
        return p;
    }
}
