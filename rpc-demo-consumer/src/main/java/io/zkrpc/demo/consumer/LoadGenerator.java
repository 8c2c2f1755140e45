package io.zkrpc.demo.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.demo.api.UserService;

/**
 * A steady stream of {@code UserService.find(1)} calls from several threads, counting calls,
 * failures and the slowest call; {@code ./chaos.sh} drives it through {@link LoadController}.
 */
@Component
public class LoadGenerator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);
    private static final int LOGGED_FAILURES = 20;

    private final UserService users;
    private final LongAdder calls = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong maxLatencyNanos = new AtomicLong();
    private final AtomicInteger loggedFailures = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public LoadGenerator(@RpcReference UserService users) {
        this.users = users;
    }

    /** Starts {@code threadCount} callers, each pausing {@code intervalMillis} between calls. */
    public synchronized void start(int threadCount, long intervalMillis) {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(() -> run(intervalMillis), "load-" + i);
            thread.start();
            threads.add(thread);
        }
        log.info("Load started: {} thread(s), {} ms between calls", threadCount, intervalMillis);
    }

    private void run(long intervalMillis) {
        while (running) {
            long start = System.nanoTime();
            try {
                if (users.find(1).id() != 1) {
                    throw new IllegalStateException("wrong answer");
                }
            } catch (RuntimeException e) {
                failed.increment();
                if (loggedFailures.incrementAndGet() <= LOGGED_FAILURES) {
                    log.warn("Call failed: {}", e.toString());
                }
            }
            calls.increment();
            maxLatencyNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(intervalMillis));
        }
    }

    /** {@code calls=N failed=M max_latency_ms=L} since the last reset; then resets. */
    public String statsAndReset() {
        String stats = "calls=" + calls.sumThenReset() + " failed=" + failed.sumThenReset()
                + " max_latency_ms=" + TimeUnit.NANOSECONDS.toMillis(maxLatencyNanos.getAndSet(0));
        loggedFailures.set(0);
        return stats;
    }

    public synchronized void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        threads.clear();
    }

    @Override
    public void destroy() throws InterruptedException {
        stop();
    }
}
