package io.zkrpc.core.internal.provider;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the calls in flight and, once closed, admits no new one, so that a shutdown can wait for
 * the running calls to finish.
 */
final class DrainGate {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();
    private volatile boolean accepting = true;

    /**
     * Admits a call unless the gate is closed. An admitted call must {@link #exit()} exactly once.
     *
     * @return whether the call was admitted
     */
    boolean enter() {
        if (!accepting) {
            return false;
        }
        inFlight.incrementAndGet();
        // Closed between the check and the count: the drain may already have seen zero, so do not run.
        if (!accepting) {
            exit();
            return false;
        }
        return true;
    }

    /** Ends an admitted call. */
    void exit() {
        if (inFlight.decrementAndGet() == 0 && !accepting) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** From now on, admits no call. */
    void close() {
        accepting = false;
    }

    /** Calls admitted and not yet ended. */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Waits, once the gate is closed, until no call is in flight, at most {@code timeout}.
     *
     * @return whether every call ended in time
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }
}
