package io.zkrpc.core.cluster;

import java.time.Duration;

import io.zkrpc.core.annotation.RpcMethod;
import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.internal.support.Durations;

/**
 * Some settings of a {@link CallPolicy}, each {@code null} when not set here. The one place that
 * reads the call settings of the annotations, and that merges settings ({@link #and}).
 */
public record PolicyOverrides(Duration timeout, Integer retries, Boolean idempotent, String cluster, Integer forks) {

    /** Overrides nothing. */
    public static final PolicyOverrides NONE = new PolicyOverrides(null, null, null, null, null);

    /**
     * The settings an {@link RpcMethod} annotation declares; {@link #NONE} for {@code null}.
     *
     * @throws IllegalArgumentException for a timeout that is not a duration
     */
    public static PolicyOverrides of(RpcMethod annotation) {
        if (annotation == null) {
            return NONE;
        }
        return new PolicyOverrides(timeout(annotation.timeout()), count(annotation.retries()),
                annotation.idempotent() ? Boolean.TRUE : null, name(annotation.cluster()), count(annotation.forks()));
    }

    /**
     * The settings an {@link RpcReference} annotation declares; {@link #NONE} for {@code null}.
     *
     * @throws IllegalArgumentException for a timeout that is not a duration
     */
    public static PolicyOverrides of(RpcReference annotation) {
        if (annotation == null) {
            return NONE;
        }
        return new PolicyOverrides(timeout(annotation.timeout()), count(annotation.retries()), null, name(annotation.cluster()), null);
    }

    /** Every setting of {@code policy}. */
    static PolicyOverrides from(CallPolicy policy) {
        return new PolicyOverrides(policy.timeout(), policy.retries(), policy.idempotent(), policy.cluster(), policy.forks());
    }

    /** These overrides, with every setting that {@code later} carries replaced: the one merge rule of call settings. */
    public PolicyOverrides and(PolicyOverrides later) {
        if (later == null) {
            return this;
        }
        return new PolicyOverrides(
                later.timeout != null ? later.timeout : timeout,
                later.retries != null ? later.retries : retries,
                later.idempotent != null ? later.idempotent : idempotent,
                later.cluster != null ? later.cluster : cluster,
                later.forks != null ? later.forks : forks);
    }

    public static PolicyOverrides timeout(Duration timeout) {
        return new PolicyOverrides(timeout, null, null, null, null);
    }

    /** An annotation's timeout: empty for none. */
    private static Duration timeout(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid timeout '" + text + "' (use 500ms, 2s, 1m, PT2S, or a number of milliseconds)", e);
        }
    }

    /** An annotation's count: negative for none. */
    private static Integer count(int value) {
        return value < 0 ? null : value;
    }

    /** An annotation's name: empty for none. */
    private static String name(String value) {
        return value.isBlank() ? null : value;
    }
}
