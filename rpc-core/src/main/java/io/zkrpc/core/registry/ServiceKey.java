package io.zkrpc.core.registry;

import java.util.Objects;

/**
 * The identity of a service: its interface, version and environment. Providers and consumers
 * meet only when all three are equal, so that a dev provider never serves a prod consumer.
 *
 * @param interfaceName the fully qualified name of the service interface
 * @param version the service version, empty for none
 * @param environment the environment, such as {@code dev} or {@code prod}
 */
public record ServiceKey(String interfaceName, String version, String environment) {

    /** The environment used when none is configured. */
    public static final String DEFAULT_ENVIRONMENT = "default";

    public ServiceKey {
        Objects.requireNonNull(interfaceName, "interfaceName");
        version = version == null ? "" : version;
        environment = environment == null || environment.isBlank() ? DEFAULT_ENVIRONMENT : environment;
        if (interfaceName.isBlank() || interfaceName.contains("/") || version.contains("/") || environment.contains("/")) {
            throw new IllegalArgumentException("Invalid service key: interface '" + interfaceName
                    + "', version '" + version + "', environment '" + environment + "' (no '/' allowed)");
        }
    }

    /** The key of {@code serviceInterface}; a {@code null} version or environment takes its default. */
    public static ServiceKey of(Class<?> serviceInterface, String version, String environment) {
        return new ServiceKey(serviceInterface.getName(), version, environment);
    }

    /** The interface name with its version, as the provider's endpoint knows the service. */
    public String serviceId() {
        return version.isEmpty() ? interfaceName : interfaceName + ":" + version;
    }

    @Override
    public String toString() {
        return serviceId() + "@" + environment;
    }
}
