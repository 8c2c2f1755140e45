package io.zkrpc.spring.boot.consumer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.convert.DurationStyle;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.consumer.ReferenceConfig;
import io.zkrpc.core.consumer.RpcClient;

/**
 * Creates the proxies that {@link RpcReference} points receive: one per interface and settings,
 * shared by every point that asks for the same.
 */
public class RpcReferenceFactory {

    private final RpcClient client;
    private final Map<ReferenceConfig<?>, Object> proxies = new ConcurrentHashMap<>();

    public RpcReferenceFactory(RpcClient client) {
        this.client = client;
    }

    /**
     * The proxy for a point of type {@code type} annotated with {@code reference}.
     *
     * @param where the field or parameter, named in errors
     */
    public Object proxy(Class<?> type, RpcReference reference, Object where) {
        if (!type.isInterface()) {
            throw new IllegalStateException("@RpcReference on " + where + " needs a service interface type, not " + type.getName());
        }
        Duration timeout;
        try {
            timeout = reference.timeout().isBlank() ? null : DurationStyle.detectAndParse(reference.timeout());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("@RpcReference on " + where + " has an invalid timeout '" + reference.timeout()
                    + "' (use 500ms, 2s, or a number of milliseconds)", e);
        }
        ReferenceConfig<?> config = new ReferenceConfig<>(type, reference.version(), timeout, reference.loadBalancer());
        return proxies.computeIfAbsent(config, client::reference);
    }
}
