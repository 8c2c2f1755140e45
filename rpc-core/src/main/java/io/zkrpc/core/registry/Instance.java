package io.zkrpc.core.registry;

import java.util.Map;
import java.util.Objects;

/**
 * One running provider of a service.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host name or address consumers connect to
 * @param port the port the provider's web server listens on
 * @param path the path of the provider's RPC endpoint, such as {@code /zkrpc}
 * @param metadata free-form metadata (weight, tags, gray flag, start time, ...)
 */
public record Instance(String scheme, String host, int port, String path, Map<String, String> metadata) {

    public Instance {
        Objects.requireNonNull(host, "host");
        scheme = scheme == null || scheme.isBlank() ? "http" : scheme;
        path = path == null || path.isBlank() ? "/" : (path.startsWith("/") ? path : "/" + path);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid port " + port + " for host " + host);
        }
    }

    /** A plain-HTTP instance without metadata, the common case in tests and simple setups. */
    public static Instance http(String host, int port, String path) {
        return new Instance("http", host, port, path, Map.of());
    }

    /** {@code host:port}, which names the instance in logs and in the registry. */
    public String address() {
        return host + ":" + port;
    }

    /** The endpoint URL, such as {@code http://127.0.0.1:8081/zkrpc}. */
    public String url() {
        return scheme + "://" + address() + path;
    }

    @Override
    public String toString() {
        return address();
    }
}
