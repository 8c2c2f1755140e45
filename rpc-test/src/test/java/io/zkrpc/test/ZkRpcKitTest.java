package io.zkrpc.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.test.sample.api.Echo;
import io.zkrpc.test.sample.consumer.EchoConsumerApplication;
import io.zkrpc.test.sample.consumer.EchoConsumerApplication.EchoClient;
import io.zkrpc.test.sample.provider.EchoProviderApplication;

/** The kit's faults, each seen from a consumer calling over HTTP, against the kit's real ZooKeeper. */
@SpringBootTest(classes = EchoConsumerApplication.class,
        properties = {"spring.main.web-application-type=none", "zkrpc.consumer.timeout=500ms"})
@ZkRpcTest(providers = EchoProviderApplication.class, instances = 2)
class ZkRpcKitTest {

    @Autowired
    EchoClient client;

    @BeforeEach
    void declaredInstancesAreListed(ZkRpcKit kit) {
        // Also proves that the kit restored, after the previous test, the instances it took away.
        kit.awaitInstances(Echo.class, 2);
    }

    @Test
    void aKilledInstanceStaysListedUntilItsSessionTimesOutWhileCallsFailOver(ZkRpcKit kit) {
        RunningProvider victim = kit.providers().get(0);
        Instant killed = victim.kill();

        assertThat(kit.instances(Echo.class)).extracting(Instance::address).contains(victim.address());
        for (int i = 0; i < 4; i++) {
            assertThat(client.echo("hi")).isEqualTo("hi@" + kit.providers().get(0).address());
        }
        victim.awaitGone();
        assertThat(Duration.between(killed, Instant.now())).isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void anInstanceStoppedGracefullyLeavesTheListsBeforeItsSessionWouldTimeOut(ZkRpcKit kit) {
        RunningProvider leaving = kit.providers().get(1);
        Instant stopped = leaving.stop();

        leaving.awaitGone();
        assertThat(Duration.between(stopped, Instant.now())).isLessThan(Duration.ofSeconds(2));
        assertThat(kit.providers()).hasSize(1);
    }

    @Test
    void anExpiredSessionLosesTheRegistrationWhichComesBack(ZkRpcKit kit) throws Exception {
        RunningProvider paused = kit.providers().get(0);
        long before = registrationOwner(kit, paused);
        paused.expireSession();

        ZkRpcKit.await("registered again by a new session").until(() -> registrationOwner(kit, paused), owner -> owner != 0 && owner != before);
        paused.awaitRegistered();
        paused.awaitListed();
        assertThat(client.echo("back")).startsWith("back@");
    }

    @Test
    void aFailingMethodFailsWithItsCodeUntilHealed(ZkRpcKit kit) {
        kit.providers().forEach(provider -> provider.fail(Echo.class, "echo", RpcErrorCode.PROVIDER_ERROR));

        assertThatThrownBy(() -> client.echo("x")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.PROVIDER_ERROR));
        kit.providers().forEach(RunningProvider::heal);
        assertThat(client.echo("x")).startsWith("x@");
    }

    @Test
    void slowAndHungMethodsTimeOut(ZkRpcKit kit) {
        kit.providers().get(0).slow(Echo.class, "echo", Duration.ofSeconds(2));
        kit.providers().get(1).hang(Echo.class, "echo");

        assertThatThrownBy(() -> client.echo("late")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.TIMEOUT));
    }

    @Test
    void callsGoOnWhileZooKeeperIsDownAndRegistrationsReturnWithIt(ZkRpcKit kit) {
        Instant down = kit.stopZooKeeper(Duration.ofSeconds(1));

        assertThat(client.echo("during")).startsWith("during@");
        kit.awaitZooKeeperRunning();
        assertThat(Duration.between(down, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        kit.providers().forEach(RunningProvider::awaitRegistered);
        assertThat(client.echo("after")).startsWith("after@");
    }

    private static boolean accepts(String address) {
        int colon = address.lastIndexOf(':');
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The session that holds {@code provider}'s node in ZooKeeper, 0 while it has none. */
    private static long registrationOwner(ZkRpcKit kit, RunningProvider provider) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zooKeeper = new ZooKeeper(kit.zooKeeperAddress(), 3000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
            Stat stat = zooKeeper.exists("/zkrpc/default/" + Echo.class.getName() + "/providers/" + provider.address(), false);
            return stat == null ? 0 : stat.getEphemeralOwner();
        } finally {
            zooKeeper.close();
        }
    }

    @Test
    void aFaultOnAServiceTheInstanceDoesNotExportIsRefused(ZkRpcKit kit) {
        assertThatThrownBy(() -> kit.providers().get(0).fail(Runnable.class, "run", RpcErrorCode.PROVIDER_ERROR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not export java.lang.Runnable");
    }

    @Test
    void aLaterOutageReplacesTheRestartOfAnEarlierOne(ZkRpcKit kit) {
        kit.stopZooKeeper(Duration.ofMillis(200));
        Instant down = kit.stopZooKeeper(Duration.ofSeconds(2));

        ZkRpcKit.await("ZooKeeper still down past the first outage").during(Duration.ofSeconds(1)).atMost(Duration.ofMillis(1500))
                .until(() -> !accepts(kit.zooKeeperAddress()));
        kit.awaitZooKeeperRunning();
        assertThat(Duration.between(down, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aProviderStartedByTheTestJoinsTheRotation(ZkRpcKit kit) {
        RunningProvider extra = kit.startProvider(EchoProviderApplication.class, "spring.application.name=extra");

        extra.awaitListed();
        kit.awaitInstances(Echo.class, 3);
        assertThat(extra.services()).singleElement().satisfies(key -> assertThat(key.interfaceName()).isEqualTo(Echo.class.getName()));
    }
}
