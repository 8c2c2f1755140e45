package io.zkrpc.spring.boot.consumer;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.internal.cluster.ElsewhereHint;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.spring.boot.diagnostics.ZkRpcStartupException;

/**
 * The {@code check} option: a referenced service without an instance fails the start, as soon as
 * its reference is made (the client reads the registry once, synchronously, before it follows the
 * service's changes).
 */
final class StartupCheck {

    private final RpcClient client;
    private final RegistryCenter registry;
    private final String environment;
    private final boolean byDefault;

    StartupCheck(RpcClient client, RegistryCenter registry, String environment, boolean byDefault) {
        this.client = client;
        this.registry = registry;
        this.environment = environment;
        this.byDefault = byDefault;
    }

    /**
     * @param configured whether the service's settings or annotation ask for the check; {@code null} takes the default
     * @throws ZkRpcStartupException when the service is to be checked and has no instance
     */
    void requireInstances(Class<?> type, String version, Boolean configured, Object where) {
        if (!(configured != null ? configured : byDefault)) {
            return;
        }
        ServiceKey key = ServiceKey.of(type, version, environment);
        if (!client.instances(key).isEmpty()) {
            return;
        }
        boolean reachable = registry == null || registry.status().connected();
        String name = type.getName();
        String versionText = key.version().isEmpty() ? "no version" : "version '" + key.version() + "'";
        String description = "No instance of " + name + " (environment '" + key.environment() + "', " + versionText + ") "
                + (reachable ? "is registered" + elsewhere(key) : "is known: the registry is unreachable")
                + ", and the start checks it (check is on) for @RpcReference on " + where + ".";
        String action = (reachable ? "Start a provider of " + name + ", or make sure that it registers where this application looks: "
                + "the same ZooKeeper (zkrpc.registry.address and zkrpc.registry.namespace), environment (zkrpc.environment=" + key.environment()
                + ") and version (@RpcReference(version)). "
                : "Check that ZooKeeper runs at zkrpc.registry.address and that this application reaches it. ")
                + "To start without an instance, set zkrpc.consumer.services[" + name + "].check=false, or leave zkrpc.consumer.check "
                + "and @RpcReference(check) unset.";
        throw new ZkRpcStartupException(description, action);
    }

    /** Where the interface is registered instead (another environment or version), as a clause, or an empty string. */
    private String elsewhere(ServiceKey key) {
        if (registry == null) {
            return "";
        }
        try {
            return ElsewhereHint.of(key, registry.elsewhere(key));
        } catch (RuntimeException e) {
            return "";
        }
    }
}
