package io.zkrpc.core.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;

/**
 * Providers of {@link Probe} on 127.0.0.1, each on its own {@link RpcServer}, registered in one
 * in-memory registry in the order started. Closing it releases every blocked call and closes
 * every server.
 */
public final class ProbeCluster implements AutoCloseable {

    public static final ServiceKey KEY = ServiceKey.of(Probe.class, "", null);

    private final StaticRegistryCenter registry = new StaticRegistryCenter();
    private final List<ProbeProvider> providers = new ArrayList<>();

    public StaticRegistryCenter registry() {
        return registry;
    }

    /** Starts a provider with the usual settings. */
    public ProbeProvider start() {
        return start(builder -> builder);
    }

    /** Starts a provider on a server whose settings {@code customizer} may change. */
    public ProbeProvider start(UnaryOperator<RpcServer.Builder> customizer) {
        ProbeProvider provider = new ProbeProvider();
        RpcServer.Builder builder = RpcServer.builder().registry(registry).drainTimeout(Duration.ofSeconds(5));
        RpcServer server = customizer.apply(builder).build().export(Probe.class, provider, "");
        provider.attach(server);
        providers.add(provider);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return provider;
    }

    /** Starts {@code count} providers with the usual settings. */
    public List<ProbeProvider> start(int count) {
        List<ProbeProvider> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(start());
        }
        return started;
    }

    @Override
    public void close() {
        for (ProbeProvider provider : providers) {
            provider.close();
        }
        for (ProbeProvider provider : providers) {
            provider.server().close();
        }
    }
}
