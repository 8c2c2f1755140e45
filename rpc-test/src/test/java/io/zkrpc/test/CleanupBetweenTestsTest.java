package io.zkrpc.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.test.sample.api.Echo;
import io.zkrpc.test.sample.consumer.EchoConsumerApplication;
import io.zkrpc.test.sample.consumer.EchoConsumerApplication.EchoClient;
import io.zkrpc.test.sample.provider.EchoProviderApplication;

/**
 * What one test does leaves nothing for the next one to wait out: the second test looks at once, without
 * waiting, at what the first one left.
 */
@SpringBootTest(classes = EchoConsumerApplication.class,
        properties = {"spring.main.web-application-type=none", "zkrpc.consumer.timeout=500ms",
                "zkrpc.consumer.outlier.base-isolation=60s"})
// A session timeout that cleanup must not wait out.
@ZkRpcTest(providers = EchoProviderApplication.class, instances = 2, providerProperties = "zkrpc.registry.session-timeout=20s")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CleanupBetweenTestsTest {

    private static String killed;
    private static Instant killedAt;

    @Autowired
    EchoClient client;

    @Autowired
    RpcClient rpcClient;

    @Test
    @Order(1)
    void isolateOneInstanceAndKillTheOther(ZkRpcKit kit) {
        kit.awaitInstances(Echo.class, 2);
        RunningProvider leaving = kit.providers().get(1);
        leaving.fail(Echo.class, "echo", RpcErrorCode.SHUTTING_DOWN);
        ZkRpcKit.await("an instance isolated").until(() -> {
            client.echo("x");
            return !rpcClient.isolatedInstances().isEmpty();
        });
        RunningProvider victim = kit.providers().get(0);
        killedAt = victim.kill();
        killed = victim.address();
    }

    @Test
    @Order(2)
    void theNextTestSeesTheDeclaredInstancesOnlyAndNoIsolation(ZkRpcKit kit) {
        assertThat(killed).isNotNull();
        assertThat(kit.instances(Echo.class)).extracting(Instance::address)
                .doesNotContain(killed)
                .containsExactlyInAnyOrderElementsOf(kit.providers().stream().map(RunningProvider::address).toList());
        assertThat(rpcClient.isolatedInstances()).isEmpty();
        assertThat(Duration.between(killedAt, Instant.now())).as("cleanup ended the killed instance's session")
                .isLessThan(Duration.ofSeconds(6)); // the server would hold it up to 10 s (20 ticks)
    }
}
