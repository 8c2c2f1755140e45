package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;

/** Subscriptions of one registry following the registrations of another, on a real ZooKeeper. */
class ZkSubscriptionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "", "test");
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final Instance SECOND = Instance.http("127.0.0.1", 8082, "/zkrpc");

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();
    private ZkRegistryCenter provider;
    private ZkRegistryCenter consumer;

    @BeforeEach
    void startRegistries() {
        provider = startedRegistry();
        consumer = startedRegistry();
    }

    @Test
    void firstDeliveryIsTheCurrentInstanceList() throws Exception {
        provider.register(ORDERS, FIRST);
        Deliveries deliveries = new Deliveries();

        zookeeper.closeAfter(consumer.subscribe(ORDERS, deliveries));

        assertThat(deliveries.next()).containsExactly(FIRST);
    }

    @Test
    void firstDeliveryOfAServiceWithoutInstancesIsEmpty() throws Exception {
        Deliveries deliveries = new Deliveries();

        zookeeper.closeAfter(consumer.subscribe(ORDERS, deliveries));

        assertThat(deliveries.next()).isEmpty();
    }

    @Test
    void deliversTheFullListAfterEachAdditionAndRemoval() throws Exception {
        Deliveries deliveries = new Deliveries();
        zookeeper.closeAfter(consumer.subscribe(ORDERS, deliveries));
        assertThat(deliveries.next()).isEmpty();

        provider.register(ORDERS, FIRST);
        deliveries.awaitList(FIRST);

        provider.register(ORDERS, SECOND);
        deliveries.awaitList(FIRST, SECOND);

        provider.unregister(ORDERS, FIRST);
        deliveries.awaitList(SECOND);
    }

    @Test
    void closedSubscriptionReceivesNoFurtherChanges() throws Exception {
        Deliveries closed = new Deliveries();
        Deliveries open = new Deliveries();
        Subscription subscription = consumer.subscribe(ORDERS, closed);
        zookeeper.closeAfter(consumer.subscribe(ORDERS, open));
        assertThat(closed.next()).isEmpty();
        assertThat(open.next()).isEmpty();

        subscription.close();
        provider.register(ORDERS, FIRST);

        // Both listeners are served by the same delivery; once the open one has it, the closed one would have too.
        open.awaitList(FIRST);
        assertThat(closed.received).noneMatch(list -> list.contains(FIRST));
    }

    @Test
    void closingTheLastSubscriptionStopsDeliveries() throws Exception {
        Deliveries closed = new Deliveries();
        Subscription subscription = consumer.subscribe(ORDERS, closed);
        assertThat(closed.next()).isEmpty();

        subscription.close();
        provider.register(ORDERS, FIRST);
        // A later subscription that sees the change proves the change was published.
        Deliveries later = new Deliveries();
        zookeeper.closeAfter(consumer.subscribe(ORDERS, later));
        later.awaitList(FIRST);

        assertThat(closed.received).noneMatch(list -> list.contains(FIRST));
    }

    @Test
    void throwingListenerNeitherStopsOthersNorLosesItsSubscription() throws Exception {
        AtomicInteger failingCalls = new AtomicInteger();
        ChangedListener failing = (service, instances) -> {
            failingCalls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        };
        Deliveries healthy = new Deliveries();
        zookeeper.closeAfter(consumer.subscribe(ORDERS, failing));
        zookeeper.closeAfter(consumer.subscribe(ORDERS, healthy));
        assertThat(healthy.next()).isEmpty();

        provider.register(ORDERS, FIRST);
        healthy.awaitList(FIRST);
        int callsAfterFirstChange = failingCalls.get();
        provider.register(ORDERS, SECOND);
        healthy.awaitList(FIRST, SECOND);

        assertThat(failingCalls.get()).isGreaterThan(callsAfterFirstChange).isGreaterThanOrEqualTo(3);
    }

    private ZkRegistryCenter startedRegistry() {
        return zookeeper.started(builder -> builder.sessionTimeout(Duration.ofSeconds(10)).connectionTimeout(Duration.ofSeconds(5)));
    }

    /** A listener that keeps every list it receives. */
    private static final class Deliveries implements ChangedListener {

        final BlockingQueue<List<Instance>> received = new LinkedBlockingQueue<>();

        @Override
        public void onChange(ServiceKey service, List<Instance> instances) {
            assertThat(service).isEqualTo(ORDERS);
            received.add(instances);
        }

        /** The next delivered list. */
        List<Instance> next() throws InterruptedException {
            List<Instance> next = received.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next).as("a delivery within %s", DEADLINE).isNotNull();
            return next;
        }

        /** Takes deliveries until one lists exactly {@code expected}, in any order; bursts may merge into one delivery. */
        void awaitList(Instance... expected) throws InterruptedException {
            Set<Instance> wanted = Set.of(expected);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            List<List<Instance>> seen = new ArrayList<>();
            while (true) {
                List<Instance> next = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AssertionError("No delivery of " + wanted + " within " + DEADLINE.toMillis() + " ms; got " + seen);
                }
                seen.add(next);
                if (new HashSet<>(next).equals(wanted) && next.size() == expected.length) {
                    return;
                }
            }
        }
    }
}
