package io.zkrpc.core.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.registry.Instance;

/**
 * Takes failing instances out of the rotation: after consecutive failures, or a failure rate above
 * a threshold within a window, an instance is isolated for a pause that doubles on each repeat (up
 * to a maximum). When the pause ends the instance is half-open: it gets probe calls, at most one
 * per half second, and one success restores it while one failure isolates it again. (A half-open
 * instance that no probe reaches is fully back after as long again as its pause, and its first
 * failure then isolates it again.) A provider answering "shutting down" is isolated at once.
 * The last instances of a service are never isolated into an empty list: {@link #healthy} falls
 * back to every candidate.
 */
public final class OutlierDetector {

    private static final Logger log = LoggerFactory.getLogger(OutlierDetector.class);
    /** How often a half-open instance gets a probe call. */
    private static final long PROBE_INTERVAL_NANOS = 500_000_000L;

    /**
     * @param consecutiveFailures failures in a row that isolate an instance
     * @param failureRate share of failed calls within the window that isolates an instance
     * @param minimumCalls calls within the window before the failure rate counts
     * @param window the window of the failure rate
     * @param baseIsolation the first isolation's pause
     * @param maxIsolation the longest pause
     */
    public record Settings(int consecutiveFailures, double failureRate, int minimumCalls, Duration window,
            Duration baseIsolation, Duration maxIsolation) {

        public static final Settings DEFAULT = new Settings(5, 0.5, 20, Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(60));
    }

    /**
     * An instance out of the rotation.
     *
     * @param until when it becomes half-open
     * @param reason what isolated it
     * @param isolations how many times in a row it was isolated
     */
    public record Isolation(Instant until, String reason, int isolations) {
    }

    private final Settings settings;
    private final Map<Instance, Health> health = new ConcurrentHashMap<>();
    /** When the last isolation now known ends; calls after it need no filtering at all. */
    private final AtomicLong isolationsEnd = new AtomicLong(System.nanoTime());

    public OutlierDetector(Settings settings) {
        this.settings = settings;
    }

    /** Counts a call answered by {@code instance} (a service exception is an answer). */
    public void onSuccess(Instance instance) {
        if (health.isEmpty()) {
            return;
        }
        Health state = health.get(instance);
        if (state != null) {
            state.success(instance);
        }
    }

    /** Counts a failure of {@code instance} to answer. */
    public void onFailure(Instance instance, RpcErrorCode code) {
        health.computeIfAbsent(instance, key -> new Health()).failure(instance, code);
    }

    /** The candidates not isolated now, or all of them when every one is. */
    public List<Instance> healthy(List<Instance> candidates) {
        long now = System.nanoTime();
        if (now - isolationsEnd.get() >= 0) {
            return candidates;
        }
        List<Instance> healthy = new ArrayList<>(candidates.size());
        for (Instance candidate : candidates) {
            Health state = health.get(candidate);
            if (state == null || state.admits(now)) {
                healthy.add(candidate);
            }
        }
        return healthy.isEmpty() ? candidates : healthy;
    }

    /** The instances isolated now, by address. */
    public Map<String, Isolation> isolated() {
        long now = System.nanoTime();
        Map<String, Isolation> isolated = new LinkedHashMap<>();
        health.forEach((instance, state) -> {
            Isolation isolation = state.isolation(now);
            if (isolation != null) {
                isolated.put(instance.address(), isolation);
            }
        });
        return isolated;
    }

    private final class Health {

        private int consecutive;
        private long windowStart = System.nanoTime();
        private int windowCalls;
        private int windowFailures;
        private int isolations;
        private long isolatedUntil;
        private long nextProbe;
        private String reason;

        synchronized void success(Instance instance) {
            consecutive = 0;
            count(false);
            if (isolations > 0 && System.nanoTime() - isolatedUntil >= 0) {
                log.info("Restored {} to the rotation after a successful call", instance);
                isolations = 0;
            }
        }

        synchronized void failure(Instance instance, RpcErrorCode code) {
            long now = System.nanoTime();
            if (isolatedAt(now)) {
                return;
            }
            consecutive++;
            count(true);
            boolean halfOpen = isolations > 0;
            boolean byRate = windowCalls >= settings.minimumCalls() && windowFailures >= settings.failureRate() * windowCalls;
            if (halfOpen || code == RpcErrorCode.SHUTTING_DOWN || consecutive >= settings.consecutiveFailures() || byRate) {
                isolations++;
                long pause = Math.min(settings.baseIsolation().toNanos() << Math.min(isolations - 1, 20), settings.maxIsolation().toNanos());
                isolatedUntil = now + pause;
                reason = code == RpcErrorCode.SHUTTING_DOWN ? "shutting down"
                        : halfOpen ? "failed again after its pause (" + code + ")"
                        : byRate ? windowFailures + " of " + windowCalls + " calls failed (last " + code + ")"
                        : consecutive + " consecutive failures (last " + code + ")";
                consecutive = 0;
                windowCalls = 0;
                windowFailures = 0;
                nextProbe = isolatedUntil;
                // Past the pause the instance is half-open for as long again: probes only, at most one per interval.
                long end = isolatedUntil + pause;
                isolationsEnd.accumulateAndGet(end, (current, candidate) -> candidate - current > 0 ? candidate : current);
                log.info("Isolated {} for {} ms: {}", instance, pause / 1_000_000, reason);
            }
        }

        /**
         * Whether a call may go to this instance now: always unless isolated; never during its
         * pause; once past it (half-open), one call per probe interval.
         */
        synchronized boolean admits(long now) {
            if (isolations == 0) {
                return true;
            }
            if (now - isolatedUntil < 0 || now - nextProbe < 0) {
                return false;
            }
            nextProbe = now + PROBE_INTERVAL_NANOS;
            return true;
        }

        synchronized boolean isolatedAt(long now) {
            return isolations > 0 && now - isolatedUntil < 0;
        }

        synchronized Isolation isolation(long now) {
            if (!isolatedAt(now)) {
                return null;
            }
            return new Isolation(Instant.now().plusNanos(isolatedUntil - now), reason, isolations);
        }

        private void count(boolean failed) {
            long now = System.nanoTime();
            if (now - windowStart > settings.window().toNanos()) {
                windowStart = now;
                windowCalls = 0;
                windowFailures = 0;
            }
            windowCalls++;
            if (failed) {
                windowFailures++;
            }
        }
    }
}
