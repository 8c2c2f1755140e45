package io.zkrpc.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.RegistryStatus;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;

/** The health indicator reads whatever status the registry reports, its implementation's details included. */
class RegistryHealthIndicatorTests {

    @Test
    void upWithTheNeutralFieldsAndEveryDetailOfTheImplementation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("session", "0x1f");
        details.put("heldBack", List.of("orders"));
        RegistryStatus status = new RegistryStatus("zookeeper 127.0.0.1:2181", true, List.of("/a", "/b"),
                Map.of("orders", 2), null, details);

        Health health = new RegistryHealthIndicator(reporting(status)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("registry", "zookeeper 127.0.0.1:2181")
                .containsEntry("registered", 2).containsEntry("subscriptions", Map.of("orders", 2))
                .containsEntry("session", "0x1f").containsEntry("heldBack", List.of("orders"));
    }

    @Test
    void downWhileTheRegistryDoesNotAnswer() {
        RegistryStatus status = new RegistryStatus("somewhere", false, List.of(), Map.of(), null, Map.of());

        Health health = new RegistryHealthIndicator(reporting(status)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("registry", "somewhere").doesNotContainKey("session");
    }

    @Test
    void downWhileAnotherLiveProcessHoldsARegistrationWithTheConflictNamed() {
        String conflict = "/test/com.example.Orders/providers/127.0.0.1:8081 is held by another live session 0x2a: ...";
        RegistryStatus status = new RegistryStatus("zookeeper 127.0.0.1:2181", true, List.of("/a"), Map.of(), null, Map.of(),
                List.of(conflict));

        Health health = new RegistryHealthIndicator(reporting(status)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("conflicts", List.of(conflict)).containsEntry("registered", 1);
    }

    @Test
    void upWhileTheRegistryAnswersEvenWithARegistrationWithoutItsNodeWhichTheRegistrationIndicatorReports() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("missing", List.of("/test/com.example.Orders/providers/127.0.0.1:8081"));
        RegistryStatus status = new RegistryStatus("zookeeper 127.0.0.1:2181", true, List.of("/test/com.example.Orders/providers/127.0.0.1:8081"),
                Map.of(), null, details);

        Health health = new RegistryHealthIndicator(reporting(status)).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("missing", List.of("/test/com.example.Orders/providers/127.0.0.1:8081"));
    }

    private static RegistryCenter reporting(RegistryStatus status) {
        return new RegistryCenter() {
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
            public RegistryStatus status() {
                return status;
            }
        };
    }
}
