package io.zkrpc.spring.boot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.actuate.RegistrationHealthIndicator;
import io.zkrpc.spring.boot.actuate.RegistryHealthIndicator;
import io.zkrpc.spring.boot.e2e.api.CatalogService;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

/**
 * The two indicators of a provider on a real ZooKeeper that stops: the registry's goes down with
 * the connection, the registration's stays up while the nodes stand, and goes down once a
 * registration cannot be made, naming it; offline makes it out of service.
 */
class RegistrationHealthEndToEndTests {

    private static final String CATALOG = ServiceKey.of(CatalogService.class, "", "default").toString();

    @Test
    void registrationHealthFollowsThisInstancesRegistrationsNotTheSession() {
        EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
        try (ConfigurableApplicationContext provider = new SpringApplicationBuilder(TestProviderApplication.class).properties(
                "server.port=0", "server.address=127.0.0.1", "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=0ms", "zkrpc.registry.address=" + zooKeeper.connectString()).run()) {
            RegistryHealthIndicator registry = provider.getBean(RegistryHealthIndicator.class);
            RegistrationHealthIndicator registration = provider.getBean(RegistrationHealthIndicator.class);
            RpcProviderLifecycle lifecycle = provider.getBean(RpcProviderLifecycle.class);
            assertThat(registration.health(true).getStatus()).isEqualTo(Status.UP);
            assertThat(registration.health(true).getDetails().get("registered").toString()).contains(CATALOG);

            zooKeeper.close();
            await("the registry to see ZooKeeper gone").atMost(Duration.ofSeconds(20))
                    .until(() -> registry.health(true).getStatus().equals(Status.DOWN));
            assertThat(registration.health(true).getStatus()).as("the registrations stand").isEqualTo(Status.UP);

            lifecycle.offline();
            assertThat(registration.health(true).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

            lifecycle.online();
            Health missing = registration.health(true);
            assertThat(missing.getStatus()).as("registered only once ZooKeeper is back").isEqualTo(Status.DOWN);
            assertThat((List<?>) missing.getDetails().get("missing")).anySatisfy(path -> assertThat(path.toString()).contains(CatalogService.class.getName()));
        } finally {
            zooKeeper.close();
        }
    }
}
