package io.zkrpc.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import io.zkrpc.core.registry.Instance;

/**
 * The test's ZooKeeper, its providers and the faults that can be done to them; one per test context of a
 * {@link ZkRpcTest}. Every fault returns the instant it took effect; every wait polls with a deadline
 * ({@link #DEADLINE}) and fails with what it waited for.
 */
public interface ZkRpcKit {

    /** How long the kit's waits wait before they fail. */
    Duration DEADLINE = Duration.ofSeconds(15);

    /** The connect string of the test's ZooKeeper ({@code 127.0.0.1:port}), also in {@code zkrpc.registry.address}. */
    String zooKeeperAddress();

    /**
     * Starts an instance of {@code application} in-process, on a free port of 127.0.0.1, registered in the
     * test's ZooKeeper; returns once it is ready (its registration may still be on its way: see
     * {@link RunningProvider#awaitListed()}). It is closed after the test.
     *
     * @param properties {@code name=value} pairs, winning over the application's own configuration
     */
    RunningProvider startProvider(Class<?> application, String... properties);

    /** The providers running now: the declared ones, then those the test started, in order of start. */
    List<RunningProvider> providers();

    /** Stops ZooKeeper (its data is kept); returns when it no longer accepts connections. */
    Instant stopZooKeeper();

    /**
     * Stops ZooKeeper now and starts it again after {@code outage}, in the background; returns when it
     * stopped. {@link #awaitZooKeeperRunning()} waits for its return.
     */
    Instant stopZooKeeper(Duration outage);

    /** Starts the stopped ZooKeeper again on the same port and data; returns when it accepts connections. */
    Instant restartZooKeeper();

    /** Waits until ZooKeeper runs and accepts connections (after {@link #stopZooKeeper(Duration)}). */
    void awaitZooKeeperRunning();

    /**
     * Expires the ZooKeeper session of the test's own application, as a long pause (GC, suspended VM)
     * would: the server ends it, deletes its ephemeral nodes and the client learns it on reconnecting.
     * Returns when the server ended it.
     */
    Instant expireSession();

    /** The instances of {@code service} (default version) that the test application's client knows now. */
    List<Instance> instances(Class<?> service);

    /** Waits until the test application's client knows exactly {@code count} instances of {@code service}. */
    void awaitInstances(Class<?> service, int count);

    /**
     * A wait in the kit's style for conditions of the test's own: polls every 20 ms, from at once, up to
     * {@link #DEADLINE}, an exception thrown by the condition counting as "not yet". Never sleep instead.
     */
    static ConditionFactory await(String description) {
        return Awaitility.await(description).atMost(DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions();
    }
}
