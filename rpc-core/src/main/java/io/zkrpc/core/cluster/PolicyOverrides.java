package io.zkrpc.core.cluster;

import java.time.Duration;

import io.zkrpc.core.annotation.RpcMethod;
import io.zkrpc.core.support.Durations;

/**
 * Some settings of a {@link CallPolicy}, each {@code null} when not set here.
 */
public record PolicyOverrides(Duration timeout, Integer retries, Boolean idempotent, String cluster, Integer forks) {

    /** Overrides nothing. */
    public static final PolicyOverrides NONE = new PolicyOverrides(null, null, null, null, null);

    /** The settings an {@link RpcMethod} annotation declares; {@link #NONE} for {@code null}. */
    public static PolicyOverrides of(RpcMethod annotation) {
        if (annotation == null) {
            return NONE;
        }
        return new PolicyOverrides(
                annotation.timeout().isBlank() ? null : Durations.parse(annotation.timeout()),
                annotation.retries() < 0 ? null : annotation.retries(),
                annotation.idempotent() ? Boolean.TRUE : null,
                annotation.cluster().isBlank() ? null : annotation.cluster(),
                annotation.forks() < 0 ? null : annotation.forks());
    }

    /** These overrides, with every setting that {@code later} carries replaced. */
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
}
