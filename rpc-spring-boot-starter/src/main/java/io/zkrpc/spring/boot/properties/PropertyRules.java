package io.zkrpc.spring.boot.properties;

import java.time.Duration;
import java.util.List;

import org.springframework.validation.Errors;

import io.zkrpc.core.internal.cluster.ClusterStrategy;

/**
 * Checks of bound settings, each rejecting a field with why and what to set instead. The action
 * travels as the error's one argument under the code {@value #CODE}, where the failure analyzer
 * finds it.
 */
final class PropertyRules {

    static final String CODE = "zkrpc.invalid";

    /** Every cluster strategy by name. */
    static final List<String> CLUSTER_STRATEGIES = List.of(ClusterStrategy.FAILOVER, ClusterStrategy.FAILFAST,
            ClusterStrategy.FAILSAFE, ClusterStrategy.FORKING);

    private PropertyRules() {
    }

    static void reject(Errors errors, String field, String reason, String action) {
        errors.rejectValue(field, CODE, new Object[] {action}, reason);
    }

    static void positive(Errors errors, String field, Duration value, String property) {
        if (value != null && (value.isNegative() || value.isZero())) {
            reject(errors, field, "must be longer than 0", "Set " + property + " to a positive duration, such as 500ms or 3s.");
        }
    }

    static void notNegative(Errors errors, String field, Duration value, String property) {
        if (value != null && value.isNegative()) {
            reject(errors, field, "must not be negative", "Set " + property + " to 0 or a positive duration, such as 500ms or 3s.");
        }
    }

    static void atLeast(Errors errors, String field, Number value, long min, String property, String meaning) {
        if (value != null && value.longValue() < min) {
            reject(errors, field, "must be " + min + " or more (" + meaning + ")", "Set " + property + " to " + min + " or more.");
        }
    }

    static void share(Errors errors, String field, double value, String property) {
        if (!(value >= 0 && value <= 1)) {
            reject(errors, field, "must be a share from 0 to 1", "Set " + property + " to a number from 0 to 1, such as 0.1 for 10%.");
        }
    }

    static void oneOf(Errors errors, String field, String value, List<String> allowed, String property, String what) {
        if (value != null && !allowed.contains(value)) {
            reject(errors, field, "is no " + what + "; known: " + String.join(", ", allowed),
                    "Set " + property + " to one of " + String.join(", ", allowed) + ".");
        }
    }

    /** A name used as a znode path segment: not blank, no '/'. */
    static void pathSegment(Errors errors, String field, String value, String property) {
        if (value == null || value.isBlank() || value.contains("/")) {
            reject(errors, field, "must be a non-empty name without '/' (it is one node of the ZooKeeper path)",
                    "Set " + property + " to a name such as dev or prod.");
        }
    }

    /** The call settings of {@code settings} under {@code prefix} (such as {@code services[x].}). */
    static void call(Errors errors, String field, CallProperties settings, String property) {
        positive(errors, field + "timeout", settings.getTimeout(), property + "timeout");
        atLeast(errors, field + "retries", settings.getRetries(), 0, property + "retries", "further attempts after the first");
        oneOf(errors, field + "cluster", settings.getCluster(), CLUSTER_STRATEGIES, property + "cluster", "cluster strategy");
        atLeast(errors, field + "forks", settings.getForks(), 1, property + "forks", "parallel attempts");
    }
}
