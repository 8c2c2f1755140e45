package io.zkrpc.core.internal.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.cluster.Isolation;
import io.zkrpc.core.cluster.OutlierDetection;
import io.zkrpc.core.cluster.Weights;
import io.zkrpc.core.registry.Instance;

/**
 * Takes failing instances out of the rotation: after consecutive failures, or a failure rate above
 * a threshold within a window, an instance is isolated for a pause that doubles on each repeat (up
 * to a maximum). When the pause ends the instance is half-open: it gets probe calls, at most one
 * per half second, and one success restores it while one failure isolates it again. (A half-open
 * instance that no probe reaches is fully back after as long again as its pause, and its first
 * failure then isolates it again.) A provider answering "shutting down", or that it does not
 * export the service, is isolated at once.
 * The last instances of a service are never isolated into an empty list: {@link #healthy} falls
 * back to every candidate.
 *
 * <p>A half-open instance's probe is admitted after the balancer picked it
 * ({@link #tryAcquireProbe}), so that candidates the balancer passes over keep their probe slot.
 *
 * <p>Health is kept per provider process: its address ({@code host:port}) and its registered
 * {@code startTime}, not per {@link Instance} record. A rule's weight makes a new record of the same
 * process, which must stay isolated (and hashing a record hashes its metadata), while a provider
 * restarted on the same address is a new process and starts afresh. The services one process
 * serves share its health, as they share its network and threads.
 */
public final class OutlierDetector {

    private static final Logger log = LoggerFactory.getLogger(OutlierDetector.class);
    /** How often a half-open instance gets a probe call. */
    private static final long PROBE_INTERVAL_NANOS = 500_000_000L;

    private final OutlierDetection settings;
    private final ClientEvents events;
    private final LongSupplier nanoTime;
    private final Map<Address, Health> health = new ConcurrentHashMap<>();
    /** When the last isolation now known ends; calls after it need no filtering at all. */
    private final AtomicLong isolationsEnd;

    public OutlierDetector(OutlierDetection settings) {
        this(settings, ClientEvents.NONE);
    }

    /** A detector telling {@code events} of every isolation and restoration. */
    public OutlierDetector(OutlierDetection settings, ClientEvents events) {
        this(settings, events, System::nanoTime);
    }

    /** A detector reading the time from {@code nanoTime}, as {@link System#nanoTime()} does. */
    OutlierDetector(OutlierDetection settings, LongSupplier nanoTime) {
        this(settings, ClientEvents.NONE, nanoTime);
    }

    private OutlierDetector(OutlierDetection settings, ClientEvents events, LongSupplier nanoTime) {
        this.settings = settings;
        this.events = events;
        this.nanoTime = nanoTime;
        this.isolationsEnd = new AtomicLong(nanoTime.getAsLong());
    }

    /** Counts a call answered by {@code instance} (a service exception is an answer). */
    public void onSuccess(Instance instance) {
        if (health.isEmpty()) {
            return;
        }
        Health state = health.get(Address.of(instance));
        if (state != null && state.success(instance)) {
            events.onRestored(instance);
        }
    }

    /** Counts a failure of {@code instance} to answer. */
    public void onFailure(Instance instance, RpcErrorCode code) {
        Isolation isolation = health.computeIfAbsent(Address.of(instance), key -> new Health()).failure(instance, code);
        if (isolation != null) {
            events.onIsolated(instance, isolation);
        }
    }

    /**
     * The candidates not isolated now, or all of them when every one is. A half-open instance is
     * among them while its probe slot is free; this reserves nothing ({@link #tryAcquireProbe} does).
     */
    public List<Instance> healthy(List<Instance> candidates) {
        long now = nanoTime.getAsLong();
        if (now - isolationsEnd.get() >= 0) {
            return candidates;
        }
        List<Instance> healthy = new ArrayList<>(candidates.size());
        for (Instance candidate : candidates) {
            Health state = health.get(Address.of(candidate));
            if (state == null || state.admits(now, false)) {
                healthy.add(candidate);
            }
        }
        return healthy.isEmpty() ? candidates : healthy;
    }

    /**
     * Admits a call to {@code instance}, picked among {@link #healthy} candidates: takes the probe
     * slot of a half-open instance, and refuses when another call holds it (pick another one then).
     * Any other instance is admitted, an isolated one too (it was picked only because every
     * candidate is isolated).
     */
    public boolean tryAcquireProbe(Instance instance) {
        long now = nanoTime.getAsLong();
        if (now - isolationsEnd.get() >= 0) {
            return true;
        }
        Health state = health.get(Address.of(instance));
        return state == null || state.isolatedAt(now) || state.admits(now, true);
    }

    /**
     * Forgets every provider process that no instance of {@code current} is: called when instance
     * lists change, so that the table does not grow with every redeploy. A process still listed
     * keeps its health, whatever weight or other metadata it has now.
     */
    public void retainOnly(Set<Instance> current) {
        Set<Address> addresses = new HashSet<>();
        for (Instance instance : current) {
            addresses.add(Address.of(instance));
        }
        health.keySet().retainAll(addresses);
    }

    /** Forgets every count and isolation, as a new detector would start. */
    public void reset() {
        health.clear();
        isolationsEnd.set(nanoTime.getAsLong());
    }

    /** The instances isolated now, by address. */
    public Map<String, Isolation> isolated() {
        long now = nanoTime.getAsLong();
        Map<String, Isolation> isolated = new LinkedHashMap<>();
        health.forEach((address, state) -> {
            Isolation isolation = state.isolation(now);
            if (isolation != null) {
                isolated.put(address.toString(), isolation);
            }
        });
        return isolated;
    }

    /** An instance that says so is certain to fail every call: it is leaving, or serves another service. */
    private static boolean isolatesAtOnce(RpcErrorCode code) {
        return code == RpcErrorCode.SHUTTING_DOWN || code == RpcErrorCode.UNKNOWN_SERVICE;
    }

    /** A provider process as a key: its address and its start time ({@code null} when it registers none). */
    private record Address(String host, int port, String startTime) {

        static Address of(Instance instance) {
            return new Address(instance.host(), instance.port(), instance.metadata().get(Weights.START_TIME));
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private final class Health {

        private int consecutive;
        private long windowStart = nanoTime.getAsLong();
        private int windowCalls;
        private int windowFailures;
        private int isolations;
        private long isolatedUntil;
        private long nextProbe;
        private String reason;

        /** Counts a success; whether it restored the instance. */
        synchronized boolean success(Instance instance) {
            consecutive = 0;
            count(false);
            if (isolations > 0 && nanoTime.getAsLong() - isolatedUntil >= 0) {
                log.atInfo().addKeyValue("instance", instance.address())
                        .log("Restored {} to the rotation after a successful call", instance);
                isolations = 0;
                return true;
            }
            return false;
        }

        /** Counts a failure; the isolation it started, or {@code null}. */
        synchronized Isolation failure(Instance instance, RpcErrorCode code) {
            long now = nanoTime.getAsLong();
            if (isolatedAt(now)) {
                return null;
            }
            consecutive++;
            count(true);
            boolean halfOpen = isolations > 0;
            boolean byRate = windowCalls >= settings.minimumCalls() && windowFailures >= settings.failureRate() * windowCalls;
            if (halfOpen || isolatesAtOnce(code) || consecutive >= settings.consecutiveFailures() || byRate) {
                isolations++;
                long pause = Math.min(settings.baseIsolation().toNanos() << Math.min(isolations - 1, 20), settings.maxIsolation().toNanos());
                isolatedUntil = now + pause;
                reason = code == RpcErrorCode.SHUTTING_DOWN ? "shutting down"
                        : code == RpcErrorCode.UNKNOWN_SERVICE ? "it does not export the service (UNKNOWN_SERVICE)"
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
                log.atInfo().addKeyValue("instance", instance.address())
                        .log("Isolated {} for {} ms: {}", instance, pause / 1_000_000, reason);
                return isolation(now);
            }
            return null;
        }

        /**
         * Whether a call may go to this instance now: always unless isolated; never during its
         * pause; once past it (half-open), one call per probe interval, whose slot {@code take} takes.
         */
        synchronized boolean admits(long now, boolean take) {
            if (isolations == 0) {
                return true;
            }
            if (now - isolatedUntil < 0 || now - nextProbe < 0) {
                return false;
            }
            if (take) {
                nextProbe = now + PROBE_INTERVAL_NANOS;
            }
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
            long now = nanoTime.getAsLong();
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
