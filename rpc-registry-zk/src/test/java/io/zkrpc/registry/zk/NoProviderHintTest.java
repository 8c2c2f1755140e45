package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** A call that finds no instance names the instances of the same interface under another environment or version. */
class NoProviderHintTest {

    private static final String ECHO = Echo.class.getName();

    @RegisterExtension
    final ZooKeeperExtension zookeeper = ZooKeeperExtension.running();

    @Test
    void noProviderNamesTheInstancesUnderAnotherEnvironmentAndVersion() {
        ZkRegistryCenter providers = zookeeper.started();
        providers.register(new ServiceKey(ECHO, "", "dev"), Instance.http("127.0.0.1", 8081, "/zkrpc"));
        providers.register(new ServiceKey(ECHO, "", "dev"), Instance.http("127.0.0.1", 8082, "/zkrpc"));
        providers.register(new ServiceKey(ECHO, "2.0", "prod"), Instance.http("127.0.0.1", 8083, "/zkrpc"));
        providers.register(new ServiceKey("io.zkrpc.registry.zk.EchoTwo", "", "prod"), Instance.http("127.0.0.1", 8084, "/zkrpc"));
        RpcClient client = zookeeper.closeAfter(RpcClient.builder().registry(zookeeper.started()).environment("prod").build());
        Echo echo = client.reference(Echo.class);

        assertThatThrownBy(() -> echo.echo("hello"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.NO_PROVIDER))
                .hasMessageStartingWith("[NO_PROVIDER] No instance of " + ECHO + "@prod is available for ")
                .hasMessageEndingWith("; found 2 under environment 'dev' and 1 under version '2.0': check zkrpc.environment (here 'prod')"
                        + " and the version of @RpcReference and @RpcService (here none)");
    }

    @Test
    void theLookupIsBoundedAndNamesNothingWhenTheInterfaceIsNowhereElse() {
        ZkRegistryCenter registry = zookeeper.started();
        for (int i = 0; i < Elsewhere.MAX_PLACES + 4; i++) {
            registry.register(new ServiceKey(ECHO, "1." + i, "test"), Instance.http("127.0.0.1", 9000 + i, "/zkrpc"));
        }

        Map<ServiceKey, Integer> found = registry.elsewhere(new ServiceKey(ECHO, "9.9", "test"));

        assertThat(found).hasSize(Elsewhere.MAX_PLACES).allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
        assertThat(registry.elsewhere(new ServiceKey("com.example.Nowhere", "", "test"))).isEmpty();
    }

    @Test
    void aLongNameFromTheRegistryIsCutInTheMessage() {
        String version = "9".repeat(300);
        zookeeper.started().register(new ServiceKey(ECHO, version, "prod"), Instance.http("127.0.0.1", 8081, "/zkrpc"));
        RpcClient client = zookeeper.closeAfter(RpcClient.builder().registry(zookeeper.started()).environment("prod").build());
        Echo echo = client.reference(Echo.class);

        assertThatThrownBy(() -> echo.echo("hello"))
                .hasMessageContaining("; found 1 under version '" + "9".repeat(63) + "\u2026': check")
                .message().doesNotContain("9".repeat(64));
    }
}
