package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import io.zkrpc.spring.boot.properties.RegistryProperties;

class SnapshotFileLocationTests {

    private static final Path HOME = Path.of("/home/someone");

    private final RegistryProperties properties = new RegistryProperties();

    @Test
    void theConfiguredFileWins() {
        properties.setSnapshotFile(Path.of("/var/lib/app/registry.json"));
        assertThat(SnapshotFileLocation.resolve(properties, new MockEnvironment().withProperty("spring.application.name", "orders"), HOME))
                .isEqualTo(Path.of("/var/lib/app/registry.json"));
    }

    @Test
    void byDefaultOneFilePerApplicationNamespaceAndEnvironmentUnderTheHome() {
        properties.setNamespace("apps");
        MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "orders")
                .withProperty("zkrpc.environment", "prod");
        assertThat(SnapshotFileLocation.resolve(properties, environment, HOME))
                .isEqualTo(HOME.resolve(".zkrpc/snapshots/orders-apps-prod.json"));
    }

    @Test
    void anUnnamedApplicationInTheDefaultEnvironment() {
        assertThat(SnapshotFileLocation.resolve(properties, new MockEnvironment(), HOME))
                .isEqualTo(HOME.resolve(".zkrpc/snapshots/application-" + properties.getNamespace() + "-default.json"));
    }
}
