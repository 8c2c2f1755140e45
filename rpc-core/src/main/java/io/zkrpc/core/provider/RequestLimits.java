package io.zkrpc.core.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * What a provider accepts in one request, checked while the body is read and parsed (before any
 * value is built), so that one caller cannot spend the provider's CPU, heap, stack or threads.
 * A request beyond a limit is answered with {@code BAD_REQUEST} (HTTP 400).
 *
 * @param maxDepth the deepest nesting of objects and arrays, counting the request object itself:
 *                 bounds the stack the decoder needs
 * @param maxNumberLength the longest number literal, in characters; its exponent has at most 4
 *                        digits besides: bounds the cost of building a {@code BigInteger} or {@code BigDecimal}
 * @param maxStringLength the longest string or field name, in bytes as sent (escapes counted as sent)
 * @param maxCollectionSize the most elements of one array or members of one object
 * @param maxAttachments the most attachments of one request
 * @param bodyReadTimeout the longest time the body may take to arrive, counted from its first read
 * @param minBodyRate the slowest average rate, in bytes per second, at which the body must arrive
 *                    once {@code minBodyRateGrace} has passed
 * @param minBodyRateGrace how long a body may take before {@code minBodyRate} applies
 */
public record RequestLimits(int maxDepth, int maxNumberLength, int maxStringLength, int maxCollectionSize,
        int maxAttachments, Duration bodyReadTimeout, long minBodyRate, Duration minBodyRateGrace) {

    /**
     * The defaults: depth 64, numbers of 100 characters, strings of 1 MiB, collections of 100,000
     * entries, 64 attachments, a body within 30 s and at 1 KiB/s after a 5 s grace.
     */
    public static final RequestLimits DEFAULTS = new RequestLimits(64, 100, 1024 * 1024, 100_000, 64,
            Duration.ofSeconds(30), 1024, Duration.ofSeconds(5));

    /** @throws IllegalArgumentException when a limit is not positive (the rate and grace may be zero: no minimum rate) */
    public RequestLimits {
        Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
        Objects.requireNonNull(minBodyRateGrace, "minBodyRateGrace");
        if (maxDepth < 2 || maxNumberLength < 1 || maxStringLength < 1 || maxCollectionSize < 1 || maxAttachments < 0
                || bodyReadTimeout.isNegative() || bodyReadTimeout.isZero() || minBodyRate < 0 || minBodyRateGrace.isNegative()) {
            throw new IllegalArgumentException("Invalid request limits: depth " + maxDepth + ", number " + maxNumberLength
                    + ", string " + maxStringLength + ", collection " + maxCollectionSize + ", attachments " + maxAttachments
                    + ", read timeout " + bodyReadTimeout + ", rate " + minBodyRate + ", grace " + minBodyRateGrace);
        }
    }
}
