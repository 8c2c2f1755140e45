package io.zkrpc.spring.boot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.internal.cluster.ServiceRules;
import io.zkrpc.core.internal.support.ServiceNames;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

/**
 * The {@code zkrpc} Actuator endpoint. Reading it ({@code GET /actuator/zkrpc}) shows what
 * {@link ZkRpcStatus#read()} describes: the registry's status (connection, session, registered
 * nodes, subscriptions), the isolated instances, this provider's exported services with their
 * registration, every subscribed service's instances (tag, weight, isolation, calls in flight from
 * here) and the policy of every referenced method. Its write operation takes this instance out of
 * the registry and puts it back without stopping the application: {@code POST /actuator/zkrpc} with
 * the JSON body {@code {"state":"offline"}} or {@code {"state":"online"}}. Two more write a
 * service's rules, which every consumer of it applies within a second:
 * {@code POST /actuator/zkrpc/{interface[:version]}} with the JSON of the rules node as body
 * ({@code {"gray": {"tag": "gray", "share": 0.1}, "instances": {"10.0.0.5:8081": {"weight": 0}}}}),
 * and {@code DELETE /actuator/zkrpc/{interface[:version]}} to delete them; both in this
 * application's environment ({@code zkrpc.environment}), and only for a service this application
 * references or exports. A rule applies to every consumer of the service, fleet-wide: whoever may
 * call these operations can drain or redirect the whole service, as ZooKeeper write access can.
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

    /** What Actuator's {@link WebEndpointResponse} names no constant for. */
    private static final int STATUS_FORBIDDEN = 403;

    private final ZkRpcStatus status;
    private final Supplier<RpcProviderLifecycle> provider;
    private final RegistryCenter registry;
    private final RpcClient client;
    private final String environment;

    /** Reads the status of {@code registry}, and the isolated instances of {@code client}; no provider operations. */
    public ZkRpcEndpoint(RegistryCenter registry, RpcClient client) {
        this(registry, client, () -> null);
    }

    /**
     * Reads the status of {@code registry}, {@code client} and the provider, which {@code provider}
     * supplies ({@code null} in an application that exports nothing).
     */
    public ZkRpcEndpoint(RegistryCenter registry, RpcClient client, Supplier<RpcProviderLifecycle> provider) {
        this(registry, client, provider, ServiceKey.DEFAULT_ENVIRONMENT);
    }

    /**
     * As {@link #ZkRpcEndpoint(RegistryCenter, RpcClient, Supplier)}, writing service rules in
     * {@code environment} ({@code zkrpc.environment}).
     */
    public ZkRpcEndpoint(RegistryCenter registry, RpcClient client, Supplier<RpcProviderLifecycle> provider, String environment) {
        this.status = new ZkRpcStatus(registry, client, provider);
        this.provider = provider;
        this.registry = registry;
        this.client = client;
        this.environment = environment;
    }

    /** The status, as {@link ZkRpcStatus#read()} describes it. */
    @ReadOperation
    public Map<String, Object> status() {
        return status.read();
    }

    /**
     * Writes the rules of {@code service}, checked as every consumer will read them. Actuator reads
     * a write operation's JSON body as string values, so the rules node's JSON comes as the string
     * {@code rules}: {@code {"rules": "{\"gray\": {\"tag\": \"gray\", \"share\": 0.1}}"}}. Refused
     * rules (and a service name that is no Java binary name, with an optional version) are answered
     * with status 400, a service this application neither references nor exports with 404, a write
     * ZooKeeper's ACL refuses with 403 and one it does not take (unreachable) with 503; each with a
     * body naming the problem.
     *
     * @param service {@code interface} or {@code interface:version}, from the path
     * @param rules the rules node's JSON, such as {@code {"gray": {"tag": "gray", "share": 0.1}}}
     * @return {@code service} and {@code rules}, as written; or {@code service} and {@code error}
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> writeRules(@Selector String service, String rules) {
        if (rules.isBlank()) {
            return rulesOperation(service, null, () -> {
                throw new IllegalArgumentException("no rules given: DELETE the service's path to remove its rules");
            });
        }
        return rulesOperation(service, rules, () -> ServiceRules.parse(rules).toMap());
    }

    /**
     * Deletes the rules of {@code service}; deleting none is no error.
     *
     * @param service {@code interface} or {@code interface:version}, from the path
     * @return {@code service} and {@code rules}, then empty; or {@code service} and {@code error}
     */
    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> deleteRules(@Selector String service) {
        return rulesOperation(service, null, Map::of);
    }

    /** Writes {@code json} ({@code null}: deletes) as the rules of {@code service}, answering what is in force or why not. */
    private WebEndpointResponse<Map<String, Object>> rulesOperation(String service, String json, Supplier<Map<String, Object>> written) {
        Map<String, Object> result = new LinkedHashMap<>();
        // Echoed as given only once checked: until then shortened, without control characters.
        result.put("service", ServiceNames.shown(service));
        try {
            ServiceKey key = serviceKey(service);
            result.put("service", key.toString());
            if (!known(key)) {
                result.put("error", key.serviceId() + " is neither referenced nor exported by this application (environment '"
                        + environment + "'): write its rules from an application that uses it");
                return new WebEndpointResponse<>(result, WebEndpointResponse.STATUS_NOT_FOUND);
            }
            Map<String, Object> inForce = written.get();
            registry.writeRules(key, json);
            result.put("rules", inForce);
            return new WebEndpointResponse<>(result, WebEndpointResponse.STATUS_OK);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            result.put("error", e.getMessage());
            return new WebEndpointResponse<>(result, WebEndpointResponse.STATUS_BAD_REQUEST);
        } catch (RpcException e) {
            result.put("error", e.getMessage());
            return new WebEndpointResponse<>(result, e.code() == RpcErrorCode.FORBIDDEN ? STATUS_FORBIDDEN
                    : WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
    }

    /** Whether this application references (has subscribed to) or exports {@code service}. */
    private boolean known(ServiceKey service) {
        if (client.services().contains(service)) {
            return true;
        }
        RpcProviderLifecycle lifecycle = provider.get();
        return lifecycle != null && lifecycle.exportedServices().contains(service);
    }

    /** @throws IllegalArgumentException when {@code service} is no {@code interface[:version]} */
    private ServiceKey serviceKey(String service) {
        int colon = service.indexOf(':');
        String name = colon < 0 ? service : service.substring(0, colon);
        String version = colon < 0 ? "" : service.substring(colon + 1);
        ServiceNames.check(name, version);
        return new ServiceKey(name, version, environment);
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
