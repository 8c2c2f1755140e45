package io.zkrpc.spring.boot.autoconfigure;

import java.nio.file.Path;

import org.springframework.core.env.PropertyResolver;

import io.zkrpc.spring.boot.properties.RegistryProperties;

/**
 * Where the registry keeps its snapshot of the instances it has seen: {@code zkrpc.registry.snapshot-file}
 * when set, else one file per application, namespace and environment under {@code ~/.zkrpc/snapshots},
 * so that two applications on one machine never read each other's.
 */
final class SnapshotFileLocation {

    private SnapshotFileLocation() {
    }

    static Path resolve(RegistryProperties properties, PropertyResolver environment, Path home) {
        if (properties.getSnapshotFile() != null) {
            return properties.getSnapshotFile();
        }
        String name = environment.getProperty("spring.application.name", "application") + "-" + properties.getNamespace()
                + "-" + environment.getProperty("zkrpc.environment", "default") + ".json";
        return home.resolve(".zkrpc").resolve("snapshots").resolve(name);
    }
}
