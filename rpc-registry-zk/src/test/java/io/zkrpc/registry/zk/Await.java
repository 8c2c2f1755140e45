package io.zkrpc.registry.zk;

import java.time.Duration;

/** Polls a condition until it holds or a deadline passes: the tests' only way to wait for something. */
final class Await {

    private static final long POLL_INTERVAL_MILLIS = 10;

    /** A condition that may fail while ZooKeeper is in flux; a failure counts as "not yet". */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @throws AssertionError when it still does not hold after {@code timeout}
     */
    static void await(Duration timeout, String description, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError error = new AssertionError(description + " did not hold within " + timeout.toMillis() + " ms");
                if (lastFailure != null) {
                    error.addSuppressed(lastFailure);
                }
                throw error;
            }
            try {
                Thread.sleep(POLL_INTERVAL_MILLIS); // the pause between two checks, not the wait itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + description, e);
            }
        }
    }
}
