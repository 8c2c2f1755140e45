package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** The NO_PROVIDER hint's lookup, against a real ZooKeeper: bounded in reads and time, one at a time per service. */
class ElsewhereTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final String ECHO = Echo.class.getName();
    private static final ServiceKey ASKED = new ServiceKey(ECHO, "1.0", "prod");

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();

    @Test
    void everyReadCountsTowardTheBudgetServiceNodesWithoutInstancesIncluded() throws Exception {
        CuratorFramework operator = zookeeper.otherClient();
        for (int i = 0; i < 3 * Elsewhere.MAX_READS; i++) {
            operator.create().creatingParentsIfNeeded().forPath(ZkLayout.providersPath(new ServiceKey(ECHO, "0." + (100 + i), "test")));
        }
        zookeeper.started().register(new ServiceKey(ECHO, "9.9", "test"), Instance.http("127.0.0.1", 8081, "/zkrpc"));
        AtomicInteger reads = new AtomicInteger();
        Elsewhere.Children real = Elsewhere.Children.of(operator);
        Elsewhere elsewhere = new Elsewhere((path, timeout) -> {
            reads.incrementAndGet();
            return real.of(path, timeout);
        }, () -> true, System::nanoTime);

        Map<ServiceKey, Integer> found = elsewhere.find(ASKED);

        assertThat(reads).hasValue(Elsewhere.MAX_READS);
        assertThat(found).as("the one instance lies past the budget").isEmpty();
    }

    @Test
    void aLookupPastItsDeadlineGivesUpWithNoAnswer() throws Exception {
        zookeeper.started().register(new ServiceKey(ECHO, "2.0", "prod"), Instance.http("127.0.0.1", 8081, "/zkrpc"));
        CuratorFramework client = zookeeper.otherClient();
        AtomicLong clock = new AtomicLong();
        Elsewhere.Children real = Elsewhere.Children.of(client);
        // Each read takes half the time allowed on this clock: the lookup needs three.
        Elsewhere elsewhere = new Elsewhere((path, timeout) -> {
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(Elsewhere.DEADLINE_MILLIS) / 2 + 1);
            return real.of(path, timeout);
        }, () -> true, clock::get);

        assertThat(elsewhere.find(ASKED)).isEmpty();
        assertThat(new Elsewhere(real, () -> true, System::nanoTime).find(ASKED)).containsExactly(Map.entry(new ServiceKey(ECHO, "2.0", "prod"), 1));
    }

    @Test
    void callsFailingWhileALookupRunsDoNotStartAnother() throws Exception {
        zookeeper.started().register(new ServiceKey(ECHO, "2.0", "prod"), Instance.http("127.0.0.1", 8081, "/zkrpc"));
        Elsewhere.Children real = Elsewhere.Children.of(zookeeper.otherClient());
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Elsewhere elsewhere = new Elsewhere((path, timeout) -> {
            if (reads.incrementAndGet() == 1) {
                reading.countDown();
                release.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
            return real.of(path, timeout);
        }, () -> true, System::nanoTime);
        CompletableFuture<Map<ServiceKey, Integer>> first = CompletableFuture.supplyAsync(() -> elsewhere.find(ASKED));
        assertThat(reading.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        Map<ServiceKey, Integer> meanwhile = elsewhere.find(ASKED);
        int readsMeanwhile = reads.get();
        release.countDown();

        assertThat(meanwhile).isEmpty();
        assertThat(readsMeanwhile).isEqualTo(1);
        assertThat(first.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).containsOnlyKeys(new ServiceKey(ECHO, "2.0", "prod"));
    }
}
