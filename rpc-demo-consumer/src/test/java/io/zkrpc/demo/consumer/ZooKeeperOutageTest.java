package io.zkrpc.demo.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.demo.api.UserService;
import io.zkrpc.demo.provider.DemoProviderApplication;
import io.zkrpc.test.RunningProvider;
import io.zkrpc.test.ZkRpcKit;
import io.zkrpc.test.ZkRpcTest;

/** Without ZooKeeper the consumer keeps calling the instances it knows, and fails over when one of them dies. */
@SpringBootTest
@ZkRpcTest(providers = DemoProviderApplication.class, instances = 2)
class ZooKeeperOutageTest {

    @Autowired
    DemoCalls calls;

    @Autowired
    RegistryCenter registry;

    @Test
    void callsSucceedDuringAnOutageEvenWhenAnInstanceDies(ZkRpcKit kit) {
        kit.awaitInstances(UserService.class, 2);
        RunningProvider survivor = kit.providers().get(0);
        RunningProvider victim = kit.providers().get(1);

        kit.stopZooKeeper();
        ZkRpcKit.await("the consumer's registry disconnected").until(() -> !registry.status().connected());
        assertThat(calls.call(4)).allMatch(line -> line.contains(" served by "));
        victim.kill(); // nobody can tell the consumer: ZooKeeper is down
        assertThat(calls.call(4)).allMatch(line -> line.endsWith(" served by " + survivor.address()));

        kit.restartZooKeeper();
        survivor.awaitRegistered();
        victim.awaitGone(); // its session times out once ZooKeeper is back
        kit.awaitInstances(UserService.class, 1);
        assertThat(calls.greeting(2)).isEqualTo("Hello, grace");
    }
}
