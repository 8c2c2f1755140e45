package io.zkrpc.registry.zk;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

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
 * /{environment}/{interface}[:{version}]/config
 * </pre>
 *
 * The service nodes are persistent; each instance node is ephemeral and holds the instance as
 * JSON: {@code {"scheme":"http","host":…,"port":…,"path":"/zkrpc","metadata":{…}}}. The optional
 * persistent {@code config} node holds the service's rules as JSON, which operators write.
 */
final class ZkLayout {

    static final String PROVIDERS = "providers";
    static final String CONFIG = "config";

    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]");
    private static final Pattern PATH = Pattern.compile("/|(?:/[A-Za-z0-9._~-]+)+");

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

    /**
     * The persistent node holding a service's rules as JSON, beside its providers node:
     * {@code /{namespace}/{environment}/{interface}[:{version}]/config}.
     */
    static String configPath(ServiceKey service) {
        return ZKPaths.makePath(servicePath(service), CONFIG);
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
     * Reads an instance node, accepting only what a provider writes: scheme {@code http} or
     * {@code https}; a host name, IPv4 address or bracketed IPv6 address, nothing else (no
     * user info, path or spaces); a port from 1 to 65535 written as an integer; a plain path of
     * unreserved characters starting with {@code /}, without {@code .} or {@code ..} segments,
     * empty segments, query or fragment, so that no node can point a call at another path or host.
     *
     * @throws IllegalArgumentException when the data is not such an instance, with the reason
     */
    static Instance decode(byte[] data) {
        JSONObject node;
        try {
            node = JSON.parseObject(data);
        } catch (JSONException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (node == null) {
            throw new IllegalArgumentException("empty node");
        }
        String scheme = field(node, "scheme");
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("scheme " + quoted(scheme) + " is neither http nor https");
        }
        String host = field(node, "host");
        if (!isHost(host)) {
            throw new IllegalArgumentException("host " + quoted(host) + " is not a host name or IP address");
        }
        if (!(node.get("port") instanceof Integer port) || port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + quoted(node.get("port")) + " is not from 1 to 65535");
        }
        String path = field(node, "path");
        if (!isPlainPath(path)) {
            throw new IllegalArgumentException("path " + quoted(path) + " is not a plain absolute path");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Object metadata = node.get("metadata");
        if (metadata instanceof JSONObject object) {
            object.forEach((key, value) -> values.put(key, String.valueOf(value)));
        } else if (metadata != null) {
            throw new IllegalArgumentException("metadata is not an object");
        }
        return new Instance(scheme, host, port, path, values);
    }

    private static boolean isHost(String host) {
        if (host == null || host.length() > 253) {
            return false;
        }
        if (IPV4_LIKE.matcher(host).matches()) { // a host name of digits only would be read as an address
            return IPV4.matcher(host).matches();
        }
        return HOST_NAME.matcher(host).matches() || IPV6_LITERAL.matcher(host).matches();
    }

    private static boolean isPlainPath(String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            return false;
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** A string field, or {@code null} when it is missing or not a string. */
    private static String field(JSONObject node, String name) {
        return node.get(name) instanceof String value ? value : null;
    }

    private static String quoted(Object value) {
        String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?"); // never a line break into the log
        return '"' + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + '"';
    }
}
