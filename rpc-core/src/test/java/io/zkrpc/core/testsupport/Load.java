package io.zkrpc.core.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * A steady stream of calls from several threads, each making at most a given number of calls
 * (or fewer, when stopped first). Each call answers a provider's port; the load counts the answers
 * per port and keeps every failure.
 */
public final class Load implements AutoCloseable {

    private final List<Thread> threads = new ArrayList<>();
    private final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong maxLatencyNanos = new AtomicLong();
    private volatile boolean stopped;

    private Load() {
    }

    /** Starts {@code threadCount} threads, each making up to {@code callsPerThread} calls of {@code call}. */
    public static Load start(int threadCount, int callsPerThread, IntSupplier call) {
        Load load = new Load();
        for (int t = 0; t < threadCount; t++) {
            Thread thread = new Thread(() -> load.run(callsPerThread, call), "load-" + t);
            thread.setDaemon(true);
            load.threads.add(thread);
        }
        load.threads.forEach(Thread::start);
        return load;
    }

    private void run(int callsPerThread, IntSupplier call) {
        for (int i = 0; i < callsPerThread && !stopped; i++) {
            long start = System.nanoTime();
            try {
                int port = call.getAsInt();
                answers.computeIfAbsent(port, key -> new AtomicInteger()).incrementAndGet();
            } catch (Throwable e) {
                failures.add(e);
            } finally {
                maxLatencyNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                calls.incrementAndGet();
            }
        }
    }

    /** Calls completed so far, failed or not. */
    public int calls() {
        return calls.get();
    }

    /** Successful calls answered by the provider on {@code port}. */
    public int answersFrom(int port) {
        AtomicInteger count = answers.get(port);
        return count == null ? 0 : count.get();
    }

    /** The ports that answered. */
    public Set<Integer> answeringPorts() {
        return Map.copyOf(answers).keySet();
    }

    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    public Duration maxLatency() {
        return Duration.ofNanos(maxLatencyNanos.get());
    }

    /**
     * Waits until every thread made its calls.
     *
     * @throws AssertionError when they are not done within {@code timeout}
     */
    public Load awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " still calling after " + timeout.toMillis() + " ms (" + calls() + " calls done)");
            }
        }
        return this;
    }

    /** Lets every thread finish its current call and stop. */
    public Load stop(Duration timeout) throws InterruptedException {
        stopped = true;
        return awaitFinished(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
