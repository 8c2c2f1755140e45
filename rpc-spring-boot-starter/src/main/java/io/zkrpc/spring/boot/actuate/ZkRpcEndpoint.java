package io.zkrpc.spring.boot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.RegistryCenter;

/**
 * The {@code zkrpc} Actuator endpoint: the registry's status (connection, registered nodes,
 * subscriptions with their instance counts, last change, and the implementation's details, such
 * as ZooKeeper's session, snapshot use and held-back changes) and the instances isolated for failing. Expose it with
 * {@code management.endpoints.web.exposure.include=zkrpc}.
 */
@Endpoint(id = "zkrpc")
public class ZkRpcEndpoint {

    private final RegistryCenter registry;
    private final RpcClient client;

    /** Reads the status of {@code registry}, and the isolated instances of {@code client}. */
    public ZkRpcEndpoint(RegistryCenter registry, RpcClient client) {
        this.registry = registry;
        this.client = client;
    }

    /**
     * The registry's status under {@code registry}, and under {@code isolatedInstances} the
     * instances taken out of the rotation, by address.
     */
    @ReadOperation
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("registry", registry.status());
        status.put("isolatedInstances", client.isolatedInstances());
        return status;
    }
}
