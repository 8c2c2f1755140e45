package io.zkrpc.core.consumer;

import java.time.Duration;
import java.util.Objects;

/**
 * What a consumer asks for when it references a service.
 *
 * @param type the service interface
 * @param version the service version, empty for none
 * @param timeout the call timeout, or {@code null} for the client's default
 * @param loadBalancer the load balancer's name, or empty for the client's default
 */
public record ReferenceConfig<T>(Class<T> type, String version, Duration timeout, String loadBalancer) {

    public ReferenceConfig {
        Objects.requireNonNull(type, "type");
        if (!type.isInterface()) {
            throw new IllegalArgumentException("A reference needs a service interface, not " + type.getName());
        }
        version = version == null ? "" : version;
        loadBalancer = loadBalancer == null ? "" : loadBalancer;
    }

    /** The unversioned service with the client's defaults. */
    public static <T> ReferenceConfig<T> of(Class<T> type) {
        return new ReferenceConfig<>(type, "", null, "");
    }
}
