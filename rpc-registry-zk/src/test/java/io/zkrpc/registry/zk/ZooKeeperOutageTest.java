package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * ZooKeeper stopped for longer than the session timeout, so that every client gives up its
 * session, then restarted: registrations come back quickly and calls never fail meanwhile.
 */
class ZooKeeperOutageTest {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RESTORE_TARGET = Duration.ofSeconds(5);
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String ENVIRONMENT = "test";
    private static final ServiceKey USERS = new ServiceKey("com.example.UserService", "", ENVIRONMENT);
    private static final Instance USERS_INSTANCE = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final int CALLERS = 4;

    @RegisterExtension
    final ZooKeeperExtension extension = ZooKeeperExtension.running();
    private TestingServer zookeeper;
    /** The node path of every registration, and the registry that owns it. */
    private final Map<String, ZkRegistryCenter> registrations = new LinkedHashMap<>();
    private final List<ZkRegistryCenter> registries = new ArrayList<>();
    private ServiceKey echo;
    private List<Instance> echoInstances;

    @BeforeEach
    void startZooKeeperAndTwoProviders() throws Exception {
        zookeeper = extension.server();
        RpcServer first = startedServer("first");
        RpcServer second = startedServer("second");
        echo = first.serviceKey(Echo.class, "");
        echoInstances = List.of(first.instance(), second.instance());
        ZkRegistryCenter usersProvider = registries.get(0);
        usersProvider.register(USERS, USERS_INSTANCE);
        registrations.put(ZkLayout.instancePath(USERS, USERS_INSTANCE), usersProvider);
    }

    @Test
    void everyRegistrationComesBackWithinFiveSecondsOfTheRestart() throws Exception {
        CuratorFramework observer = extension.otherClient();
        Polling.await("every registration in place").atMost(DEADLINE).until(() -> everyRegistrationOwned(observer));
        observer.close();

        Map<ZkRegistryCenter, Long> before = sessions();
        outageLongerThanTheSessions();
        zookeeper.restart();
        long restarted = System.nanoTime();
        CuratorFramework afterRestart = extension.otherClient();
        Polling.await("every registration owned by its registry's new session").atMost(DEADLINE).until(() -> everyRegistrationOwned(afterRestart));
        Duration restoredAfter = Duration.ofNanos(System.nanoTime() - restarted);

        System.out.printf("MEASURED registrations restored %d ms after the restart (target %d ms)%n", restoredAfter.toMillis(),
                RESTORE_TARGET.toMillis());
        assertThat(restoredAfter).isLessThanOrEqualTo(RESTORE_TARGET);
        for (ZkRegistryCenter registry : registries) {
            assertThat(extension.sessionOf(registry)).as("the session after the outage").isNotEqualTo(before.get(registry));
        }
    }

    @Test
    void callsUnderSteadyLoadNeverFailDuringTheOutageNorTheRecovery() throws Exception {
        ZkRegistryCenter consumerRegistry = startedRegistry();
        registries.add(consumerRegistry);
        RpcClient client = extension.closeAfter(RpcClient.builder().registry(consumerRegistry).environment(ENVIRONMENT)
                .defaults(new CallPolicy(CallPolicy.DEFAULT.timeout(), 0, false, CallPolicy.DEFAULT.cluster(), 1))
                .build());
        Echo reference = client.reference(Echo.class);
        RecordingListener consumerList = new RecordingListener();
        extension.closeAfter(consumerRegistry.subscribe(echo, consumerList));
        consumerList.awaitLatest(DEADLINE, echoInstances.toArray(Instance[]::new));
        Load load = new Load(reference);
        extension.closeAfter(load);
        Polling.await("calls flow").atMost(DEADLINE).until(() -> load.succeeded.get() > 100);

        outageLongerThanTheSessions();
        long duringOutage = load.succeeded.get();
        zookeeper.restart();
        Polling.await("the consumer is connected again").atMost(DEADLINE).until(() -> consumerRegistry.status().connected());
        Polling.await("every registration owned by its registry's new session").atMost(DEADLINE).until(() -> everyRegistrationOwned(extension.observer()));
        // Keep the load on through the consumer's unstable period after reconnecting, and a little more.
        Polling.await("the consumer's session is stable again").atMost(DEADLINE).until(() -> ZooKeepers.isStable(consumerRegistry));
        long recovered = load.succeeded.get();
        Polling.await("calls flow after the recovery").atMost(DEADLINE).until(() -> load.succeeded.get() > recovered + 100);
        load.close();

        System.out.printf("MEASURED calls: %d succeeded (%d during the outage), %d failed%n", load.succeeded.get(),
                recovered - duringOutage, load.failed.get());
        assertThat(load.failed.get()).as("failed calls; the first failure: %s", load.firstFailure.get()).isZero();
        assertThat(duringOutage).isGreaterThan(100);
        consumerList.awaitLatest(DEADLINE, echoInstances.toArray(Instance[]::new));
        assertThat(ZooKeepers.heldBack(consumerRegistry)).isEmpty();
    }

    /**
     * Stops ZooKeeper until every registry's client has given up its session (Curator does so once
     * the connection has been suspended for the session timeout).
     */
    private void outageLongerThanTheSessions() throws Exception {
        Map<ZkRegistryCenter, Long> before = sessions();
        zookeeper.stop();
        long stopped = System.nanoTime();
        Polling.await("every registry gave up its session").atMost(DEADLINE).until(() -> registries.stream()
                .allMatch(registry -> !registry.status().connected() && sessionQuietly(registry) != before.get(registry)));
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isGreaterThan(SESSION_TIMEOUT);
    }

    private boolean everyRegistrationOwned(CuratorFramework observer) throws Exception {
        for (Map.Entry<String, ZkRegistryCenter> registration : registrations.entrySet()) {
            if (!extension.ownedBy(observer, registration.getKey(), registration.getValue())) {
                return false;
            }
        }
        return true;
    }

    private Map<ZkRegistryCenter, Long> sessions() {
        Map<ZkRegistryCenter, Long> sessions = new LinkedHashMap<>();
        registries.forEach(registry -> sessions.put(registry, sessionQuietly(registry)));
        return sessions;
    }

    private long sessionQuietly(ZkRegistryCenter registry) {
        return extension.sessionOf(registry);
    }

    private RpcServer startedServer(String name) throws Exception {
        ZkRegistryCenter registry = startedRegistry();
        registries.add(registry);
        RpcServer server = extension.closeAfter(RpcServer.builder().registry(registry).environment(ENVIRONMENT).build()
                .export(Echo.class, text -> name + ":" + text, "")
                .start());
        registrations.put(ZkLayout.instancePath(server.serviceKey(Echo.class, ""), server.instance()), registry);
        return server;
    }

    private ZkRegistryCenter startedRegistry() {
        return extension.started(builder -> builder.sessionTimeout(SESSION_TIMEOUT).connectionTimeout(Duration.ofSeconds(2)));
    }

    /** Callers on their own threads, each calling about every 5 ms until closed, counting outcomes. */
    private static final class Load implements AutoCloseable {

        final AtomicLong succeeded = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> callers = new ArrayList<>();

        Load(Echo reference) {
            for (int i = 0; i < CALLERS; i++) {
                Thread caller = new Thread(() -> {
                    while (running.get()) {
                        try {
                            if (reference.echo("ping").endsWith(":ping")) {
                                succeeded.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e);
                        }
                        LockSupport.parkNanos(5_000_000); // the pace of the load
                    }
                }, "caller-" + i);
                caller.setDaemon(true);
                caller.start();
                callers.add(caller);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread caller : callers) {
                caller.join(DEADLINE.toMillis());
            }
        }
    }
}
