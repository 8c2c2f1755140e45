package io.zkrpc.spring.boot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

/**
 * The {@code zkrpc} Actuator endpoint. Reading it ({@code GET /actuator/zkrpc}) shows what
 * {@link ZkRpcStatus#read()} describes: the registry's status (connection, session, registered
 * nodes, subscriptions), the isolated instances, this provider's exported services with their
 * registration, every subscribed service's instances (tag, weight, isolation, calls in flight from
 * here) and the policy of every referenced method. Its write operations take this instance out of
 * the registry and put it back without stopping the application:
 * {@code POST /actuator/zkrpc/offline} and {@code POST /actuator/zkrpc/online}. Expose it with
 * {@code management.endpoints.web.exposure.include=zkrpc}, and secure it as the operations it offers deserve.
 */
@Endpoint(id = "zkrpc")
public class ZkRpcEndpoint {

    private final ZkRpcStatus status;
    private final Supplier<RpcProviderLifecycle> provider;

    /** Reads the status of {@code registry}, and the isolated instances of {@code client}; no provider operations. */
    public ZkRpcEndpoint(RegistryCenter registry, RpcClient client) {
        this(registry, client, () -> null);
    }

    /**
     * Reads the status of {@code registry}, {@code client} and the provider, which {@code provider}
     * supplies ({@code null} in an application that exports nothing).
     */
    public ZkRpcEndpoint(RegistryCenter registry, RpcClient client, Supplier<RpcProviderLifecycle> provider) {
        this.status = new ZkRpcStatus(registry, client, provider);
        this.provider = provider;
    }

    /** The status, as {@link ZkRpcStatus#read()} describes it. */
    @ReadOperation
    public Map<String, Object> status() {
        return status.read();
    }

    /**
     * {@code offline} takes this instance's registrations out of the registry (consumers stop
     * sending as they see it; calls still arriving are served; it stays out across lost sessions);
     * {@code online} registers them again. Both are idempotent.
     *
     * @return {@code state} ({@code offline} or {@code online}) and {@code changed} (whether this request changed it)
     */
    @WriteOperation
    public Map<String, Object> operate(@Selector String operation) {
        RpcProviderLifecycle lifecycle = provider.get();
        if (lifecycle == null) {
            throw new InvalidEndpointRequestException("This application exports no service: there is nothing to take "
                    + operation, "no exported service");
        }
        boolean changed = switch (operation) {
            case "offline" -> lifecycle.offline();
            case "online" -> lifecycle.online();
            default -> throw new InvalidEndpointRequestException("Unknown operation '" + operation
                    + "'; known: offline, online", "unknown operation");
        };
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("state", lifecycle.isOffline() ? "offline" : "online");
        result.put("changed", changed);
        return result;
    }
}
