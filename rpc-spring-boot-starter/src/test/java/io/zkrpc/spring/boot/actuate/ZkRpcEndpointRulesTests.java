package io.zkrpc.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;

/**
 * How the rules operation answers what the registry throws: the failure named in a body, with the
 * status that says what went wrong, never a bare 500. The registry is a stand-in that fails as
 * ZooKeeper's does; {@code GrayReleaseEndToEndTests} runs the operation over HTTP on a real one.
 */
class ZkRpcEndpointRulesTests {

    private static final ServiceKey ORDERS = new ServiceKey("com.example.OrderService", "", "default");

    private final FailingRegistry registry = new FailingRegistry();
    private final RpcClient client = RpcClient.builder().registry(registry).build();
    private final ZkRpcEndpoint endpoint = new ZkRpcEndpoint(registry, client, () -> null, "default");

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aRegistryThatCannotBeReachedIsAnsweredWith503NamingTheProblem() {
        client.instances(ORDERS);
        registry.failure.set(new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "Could not write the rules of " + ORDERS + ": ConnectionLoss"));

        WebEndpointResponse<Map<String, Object>> written = endpoint.writeRules(ORDERS.interfaceName(), "{}");
        WebEndpointResponse<Map<String, Object>> deleted = endpoint.deleteRules(ORDERS.interfaceName());

        for (WebEndpointResponse<Map<String, Object>> response : List.of(written, deleted)) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getBody()).containsEntry("service", ORDERS.toString())
                    .containsEntry("error", "[REGISTRY_UNAVAILABLE] Could not write the rules of " + ORDERS + ": ConnectionLoss");
        }
    }

    @Test
    void aWriteTheAclRefusesIsAnswered403WithItsOwnMessage() {
        client.instances(ORDERS);
        registry.failure.set(new RpcException(RpcErrorCode.FORBIDDEN, "ZooKeeper refused to write the rules of " + ORDERS));

        WebEndpointResponse<Map<String, Object>> response = endpoint.writeRules(ORDERS.interfaceName(), "{}");

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getBody()).containsEntry("error", "[FORBIDDEN] ZooKeeper refused to write the rules of " + ORDERS);
    }

    @Test
    void aServiceNeitherReferencedNorExportedIsAnswered404AndNeverWritten() {
        WebEndpointResponse<Map<String, Object>> response = endpoint.writeRules("com.example.MadeUp:1.0", "{}");

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getBody()).containsEntry("service", "com.example.MadeUp:1.0@default")
                .containsEntry("error", "com.example.MadeUp:1.0 is neither referenced nor exported by this application"
                        + " (environment 'default'): write its rules from an application that uses it");
        assertThat(registry.writes).hasValue(0);
    }

    @Test
    void aNameThatIsNoJavaBinaryNameIsAnswered400AndEchoedSafely() {
        WebEndpointResponse<Map<String, Object>> injected = endpoint.writeRules("com.example.Orders\r\nINFO forged line", "{}");
        WebEndpointResponse<Map<String, Object>> badVersion = endpoint.deleteRules("com.example.Orders:1 0");
        WebEndpointResponse<Map<String, Object>> tooLong = endpoint.deleteRules("a".repeat(2000));

        assertThat(injected.getStatus()).isEqualTo(400);
        assertThat(injected.getBody()).containsEntry("service", "com.example.Orders??INFO forged line");
        assertThat((String) injected.getBody().get("error")).contains("is not a Java interface name").doesNotContain("\n", "\r");
        assertThat(badVersion.getStatus()).isEqualTo(400);
        assertThat((String) badVersion.getBody().get("error")).contains("version '1 0' is not at most 64 letters");
        assertThat(tooLong.getStatus()).isEqualTo(400);
        assertThat((String) tooLong.getBody().get("service")).hasSize(129);
        assertThat((String) tooLong.getBody().get("error")).hasSizeLessThan(300);
        assertThat(registry.writes).hasValue(0);
    }

    /** Lists nothing, and fails every rules write with the failure set, as ZooKeeper's registry does. */
    private static final class FailingRegistry implements RegistryCenter {

        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public void register(ServiceKey service, Instance instance) {
        }

        @Override
        public void unregister(ServiceKey service, Instance instance) {
        }

        @Override
        public List<Instance> fetchAll(ServiceKey service) {
            return List.of();
        }

        @Override
        public Subscription subscribe(ServiceKey service, ChangedListener listener) {
            return () -> { };
        }

        @Override
        public void writeRules(ServiceKey service, String rules) {
            writes.incrementAndGet();
            if (failure.get() != null) {
                throw failure.get();
            }
        }
    }
}
