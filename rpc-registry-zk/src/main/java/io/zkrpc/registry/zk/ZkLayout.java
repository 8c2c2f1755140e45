package io.zkrpc.registry.zk;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.curator.utils.ZKPaths;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * The one place that knows the znode paths and the node format. Below the namespace:
 *
 * <pre>
 * /{environment}/{interface}[:{version}]/providers/{host}:{port}
 * </pre>
 *
 * The service nodes are persistent; each instance node is ephemeral and holds the instance as
 * JSON: {@code {"scheme":"http","host":…,"port":…,"path":"/zkrpc","metadata":{…}}}.
 */
final class ZkLayout {

    static final String PROVIDERS = "providers";

    private ZkLayout() {
    }

    /** The persistent node of a service. */
    static String servicePath(ServiceKey service) {
        return ZKPaths.makePath(service.environment(), service.serviceId());
    }

    /** The persistent node under which a service's instances live. */
    static String providersPath(ServiceKey service) {
        return ZKPaths.makePath(servicePath(service), PROVIDERS);
    }

    /** The ephemeral node of one instance. */
    static String instancePath(ServiceKey service, Instance instance) {
        return ZKPaths.makePath(providersPath(service), instance.address());
    }

    static byte[] encode(Instance instance) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("scheme", instance.scheme());
        node.put("host", instance.host());
        node.put("port", instance.port());
        node.put("path", instance.path());
        node.put("metadata", instance.metadata());
        return JSON.toJSONBytes(node);
    }

    /**
     * Reads an instance node.
     *
     * @throws IllegalArgumentException when the data is not an instance
     */
    static Instance decode(byte[] data) {
        try {
            JSONObject node = JSON.parseObject(data);
            if (node == null) {
                throw new IllegalArgumentException("empty node");
            }
            JSONObject metadata = node.getJSONObject("metadata");
            Map<String, String> values = new LinkedHashMap<>();
            if (metadata != null) {
                metadata.forEach((key, value) -> values.put(key, String.valueOf(value)));
            }
            return new Instance(node.getString("scheme"), node.getString("host"), node.getIntValue("port"),
                    node.getString("path"), values);
        } catch (JSONException | NullPointerException e) {
            throw new IllegalArgumentException("not an instance node: " + e.getMessage(), e);
        }
    }
}
