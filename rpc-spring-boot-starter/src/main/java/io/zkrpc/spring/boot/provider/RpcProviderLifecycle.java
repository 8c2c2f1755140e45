package io.zkrpc.spring.boot.provider;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import io.zkrpc.core.cluster.Weights;
import io.zkrpc.core.internal.cluster.TagRouting;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.internal.provider.ProviderLifecycle;
import io.zkrpc.core.internal.security.ExposureWarning;
import io.zkrpc.core.internal.support.HostAddresses;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.spring.boot.properties.ProviderProperties;

/**
 * Registers the exported services once the application is ready (the web server listens and
 * every bean is ready, so an application that fails to start registers nothing), and at shutdown,
 * before the web server stops, unregisters them, waits, and drains the running calls. In between,
 * an operator may take the instance {@linkplain #offline() offline} and {@linkplain #online() online}
 * (the {@code zkrpc} Actuator endpoint does).
 */
public class RpcProviderLifecycle implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(RpcProviderLifecycle.class);

    private final ProviderDispatcher dispatcher;
    private final ProviderLifecycle lifecycle;
    private final ProviderProperties properties;
    private final Environment environment;
    private volatile boolean running;

    /**
     * Registers the services of {@code dispatcher} in {@code registry}, with the host, path and
     * metadata of {@code properties}.
     */
    public RpcProviderLifecycle(RegistryCenter registry, ProviderDispatcher dispatcher, ProviderProperties properties,
            Environment environment) {
        this.dispatcher = dispatcher;
        this.lifecycle = new ProviderLifecycle(registry, dispatcher);
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Registers this application's instance, now that the web server listens on its real port; an
     * application that exports nothing, or has no web server, registers nothing.
     */
    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (dispatcher.services().isEmpty() || !(event.getApplicationContext() instanceof WebServerApplicationContext web)
                || web.getWebServer() == null) {
            return;
        }
        String exposed = ExposureWarning.of(environment.getProperty("server.address"), dispatcher.authenticates());
        if (exposed != null) {
            log.warn(exposed);
        }
        lifecycle.register(instance(scheme(web), web.getWebServer().getPort()));
    }

    /**
     * {@code https} when the web server runs TLS ({@code server.ssl.*}, or an SSL set on the factory
     * by a customizer): read from the factory that built the server, after every customizer ran.
     */
    private static String scheme(WebServerApplicationContext context) {
        boolean tls = context.getBeanProvider(AbstractConfigurableWebServerFactory.class).stream()
                .anyMatch(factory -> Ssl.isEnabled(factory.getSsl()));
        return tls ? "https" : "http";
    }

    private Instance instance(String scheme, int port) {
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        // The extra metadata first: the keys zkrpc sets win (binding refuses them in it anyway).
        Map<String, String> metadata = new LinkedHashMap<>(properties.getMetadata());
        metadata.put(Weights.KEY, Integer.toString(properties.getWeight()));
        metadata.put(Weights.START_TIME, Long.toString(System.currentTimeMillis()));
        Duration warmup = properties.getWarmup();
        if (warmup != null && warmup.toMillis() > 0) {
            metadata.put(Weights.WARMUP, Long.toString(warmup.toMillis()));
        }
        String tag = properties.getTag();
        if (tag != null && !tag.isBlank()) {
            metadata.put(TagRouting.TAG, tag.trim());
        }
        return new Instance(scheme, host(), port, stripTrailingSlash(contextPath) + properties.getPath(), metadata);
    }

    private String host() {
        if (properties.getHost() != null && !properties.getHost().isBlank()) {
            return properties.getHost();
        }
        String bound = environment.getProperty("server.address");
        if (bound != null && !bound.isBlank()) {
            try {
                if (!InetAddress.getByName(bound).isAnyLocalAddress()) {
                    return bound;
                }
            } catch (java.net.UnknownHostException e) {
                return bound;
            }
        }
        return HostAddresses.detect();
    }

    private static String stripTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * Takes this instance's registrations out of the registry without stopping anything: consumers
     * stop sending as they see the removal, calls still arriving are served, and the instance stays
     * out (also across lost ZooKeeper sessions) until {@link #online()}. Idempotent.
     *
     * @return whether it was online before
     */
    public boolean offline() {
        return lifecycle.offline();
    }

    /**
     * Registers again what {@link #offline()} withdrew; idempotent, and safe to retry: when the
     * registry refuses a registration, the exception propagates and the instance stays offline.
     * Online already, it registers whatever is missing.
     *
     * @return whether it was offline before
     */
    public boolean online() {
        return lifecycle.online();
    }

    /** Whether an operator took the instance offline. */
    public boolean isOffline() {
        return lifecycle.isOffline();
    }

    /** The instance the services are registered at, once the application is ready; else {@code null}. */
    public Instance instance() {
        return lifecycle.instance();
    }

    /** The exported services, registered or not. */
    public List<ServiceKey> exportedServices() {
        return dispatcher.services().stream().map(service -> service.key()).toList();
    }

    /** The calls the provider is running now. */
    public int callsInFlight() {
        return dispatcher.inFlight();
    }

    /** The services registered now. */
    public List<ServiceKey> registeredServices() {
        return lifecycle.registeredServices();
    }

    /** Only marks the lifecycle running: registration waits for the application to be ready. */
    @Override
    public void start() {
        running = true;
    }

    /** Unregisters, waits the unregister delay so that consumers stop sending, then drains the running calls. */
    @Override
    public void stop() {
        running = false;
        lifecycle.shutdown(properties.getUnregisterDelay(), properties.getDrainTimeout());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's own lifecycles (graceful shutdown, then stop), which have lower phases. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
