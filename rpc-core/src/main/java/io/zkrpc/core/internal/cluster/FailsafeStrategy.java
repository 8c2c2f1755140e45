package io.zkrpc.core.internal.cluster;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.support.Futures;

/** One attempt; a failure is logged and the call returns the empty value of its result type. */
final class FailsafeStrategy implements ClusterStrategy {

    static final FailsafeStrategy INSTANCE = new FailsafeStrategy();

    private static final Logger log = LoggerFactory.getLogger(FailsafeStrategy.class);

    @Override
    public CompletableFuture<Object> invoke(Invocation invocation, Attempts attempts) {
        CompletableFuture<Object> attempt;
        try {
            attempt = attempts.send(attempts.select(Set.of()));
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        return attempt.exceptionally(failure -> {
            Object empty = emptyValue(invocation.method().resultType());
            Throwable cause = Futures.unwrap(failure);
            log.warn("Failsafe call {} failed, returning {}: {}", invocation, empty, cause.getMessage());
            attempts.swallowed(cause);
            return empty;
        });
    }

    /** {@code 0}, {@code false}, an empty collection, map or optional, or {@code null}. */
    static Object emptyValue(Type type) {
        Class<?> raw = type instanceof Class<?> c ? c : type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : Object.class;
        if (raw == boolean.class) {
            return false;
        }
        if (raw == char.class) {
            return '\0';
        }
        if (raw.isPrimitive() && raw != void.class) {
            return switch (raw.getName()) {
                case "long" -> 0L;
                case "double" -> 0d;
                case "float" -> 0f;
                case "short" -> (short) 0;
                case "byte" -> (byte) 0;
                default -> 0;
            };
        }
        if (raw == Object.class) {
            // Object or a type variable: an empty list here would fail the caller with a ClassCastException.
            return null;
        }
        if (raw == Optional.class) {
            return Optional.empty();
        }
        if (raw.isAssignableFrom(List.class)) {
            return List.of();
        }
        if (raw.isAssignableFrom(Set.class)) {
            return Set.of();
        }
        if (raw.isAssignableFrom(Map.class)) {
            return Map.of();
        }
        return null;
    }
}
