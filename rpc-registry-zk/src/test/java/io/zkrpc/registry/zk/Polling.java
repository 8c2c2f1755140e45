package io.zkrpc.registry.zk;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Awaitility as the registry's tests wait: every 10 ms from the start, a check that throws counting as "not yet". */
final class Polling {

    private Polling() {
    }

    /** A wait for {@code description}; give it a deadline with {@code atMost}. */
    static ConditionFactory await(String description) {
        return Awaitility.await(description).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).ignoreExceptions();
    }

    /** A check that {@code description} keeps holding; give it a duration with {@code during}. */
    static ConditionFactory keeps(String description) {
        return Awaitility.await(description).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }
}
