package io.zkrpc.core.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: the tests' only way to wait for something. */
public final class Await {

    private static final long POLL_INTERVAL_MILLIS = 10;

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @throws AssertionError when it still does not hold after {@code timeout}
     */
    public static void await(Duration timeout, BooleanSupplier condition) {
        await(timeout, "condition", condition);
    }

    /** Same as {@link #await(Duration, BooleanSupplier)}, naming the condition in the failure. */
    public static void await(Duration timeout, String description, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(description + " did not hold within " + timeout.toMillis() + " ms");
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
