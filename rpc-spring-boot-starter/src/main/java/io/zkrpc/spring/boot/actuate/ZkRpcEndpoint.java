package io.zkrpc.spring.boot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

/**
 * The {@code zkrpc} Actuator endpoint. Reading it ({@code GET /actuator/zkrpc}) shows what
 * {@link ZkRpcStatus#read()} describes: the registry's status (connection, session, registered
 * nodes, subscriptions), the isolated instances, this provider's exported services with their
 * registration, every subscribed service's instances (tag, weight, isolation, calls in flight from
 * here) and the policy of every referenced method. Its write operation takes this instance out of
 * the registry and puts it back without stopping the application: {@code POST /actuator/zkrpc} with
 * the JSON body {@code {"state":"offline"}} or {@code {"state":"online"}}.
 *
 * <p>Expose it with {@code management.endpoints.web.exposure.include=zkrpc}. Its access is
 * read-only by default: the write operation exists only with
 * {@code management.endpoint.zkrpc.access=unrestricted}, and then deserves securing as what it
 * is. It reads its input from a JSON body only, so that a web page cannot trigger it with a plain
 * form post (a browser sends {@code application/json} across sites only after a CORS preflight,
 * which Actuator refuses unless {@code management.endpoints.web.cors.*} allows it).
 */
@Endpoint(id = "zkrpc", defaultAccess = Access.READ_ONLY)
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
     * @param state {@code offline} or {@code online}, from the request's JSON body
     * @return {@code state} ({@code offline} or {@code online}) and {@code changed} (whether this request changed it)
     */
    @WriteOperation
    public Map<String, Object> changeState(String state) {
        RpcProviderLifecycle lifecycle = provider.get();
        if (lifecycle == null) {
            throw new InvalidEndpointRequestException("This application exports no service: there is nothing to take "
                    + state, "no exported service");
        }
        boolean changed = switch (state) {
            case "offline" -> lifecycle.offline();
            case "online" -> lifecycle.online();
            default -> throw new InvalidEndpointRequestException("Unknown state '" + state
                    + "'; known: offline, online", "unknown state");
        };
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("state", lifecycle.isOffline() ? "offline" : "online");
        result.put("changed", changed);
        return result;
    }
}
