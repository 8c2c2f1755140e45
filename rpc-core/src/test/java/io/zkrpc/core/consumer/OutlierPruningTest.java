package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.OutlierDetection;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.testsupport.Probe;

/** The outlier detector forgets an instance once no subscribed service lists it, so that redeploys do not grow its table. */
class OutlierPruningTest {

    private static final ServiceKey PROBE = ServiceKey.of(Probe.class, "", ServiceKey.DEFAULT_ENVIRONMENT);
    private static final OutlierDetection ISOLATE_AT_ONCE = new OutlierDetection(1, 0.5, 20, Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofSeconds(60));

    @Test
    void anIsolatedInstanceThatLeavesTheListIsForgotten() throws IOException {
        int[] ports = closedPorts();
        Instance gone = Instance.http("127.0.0.1", ports[0], "/rpc");
        Instance other = Instance.http("127.0.0.1", ports[1], "/rpc");
        StaticRegistryCenter registry = StaticRegistryCenter.of(PROBE, gone, other);
        try (RpcClient client = RpcClient.builder().registry(registry).outlierDetection(ISOLATE_AT_ONCE).build()) {
            Probe probe = client.reference(Probe.class);
            assertThatThrownBy(() -> probe.read()).isInstanceOf(RpcException.class);
            assertThat(client.isolatedInstances()).containsKeys(gone.address(), other.address());

            registry.unregister(PROBE, gone);

            assertThat(client.isolatedInstances()).containsOnlyKeys(other.address());
        }
    }

    /** Two distinct ports on 127.0.0.1 that nothing listens on. */
    private static int[] closedPorts() throws IOException {
        try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket second = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        }
    }
}
