package io.zkrpc.core.provider;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.filter.Filter;
import io.zkrpc.core.internal.observation.AccessLog;
import io.zkrpc.core.internal.observation.MicrometerServerObserver;
import io.zkrpc.core.internal.observation.ServerCallObserver;
import io.zkrpc.core.internal.provider.EncodedResponse;
import io.zkrpc.core.internal.provider.EndpointGuard;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.internal.provider.ProviderLifecycle;
import io.zkrpc.core.internal.security.ExposureWarning;
import io.zkrpc.core.observation.ZkRpcServerObservationConvention;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.security.CallAuthentication;

/**
 * A provider without Spring: exports services on the JDK's built-in HTTP server and registers
 * them. The Spring Boot starter serves the same endpoint from the application's own web server
 * instead.
 *
 * <pre>{@code
 * try (RpcServer server = RpcServer.builder().registry(registry).host("127.0.0.1").build()) {
 *     server.export(UserService.class, new UserServiceImpl(), "");
 *     server.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>Each request is checked by the {@link RequestLimits} and answered 400 when its body trickles in
 * past its deadline. The JDK's server has no read timeout of its own, though: a connection that
 * stops sending altogether, or keeps trickling after its answer (the server then drains up to
 * {@code sun.net.httpserver.drainAmount}, 64 KiB, of the unread body), holds its thread until the
 * client leaves, unless the JVM-wide system property {@code sun.net.httpserver.maxReqTime}
 * (seconds) is set. Set it for a server that untrusted clients can reach.
 *
 * <p>{@link #start()} sets the JVM-wide system property {@code sun.net.httpserver.nodelay} to
 * {@code true} unless it is set already (logged once at INFO), before it creates its JDK HTTP
 * server; the JDK reads it once, when the JVM's first such server is created, so it takes effect
 * only when no JDK HTTP server was created in the JVM before. Without it, the JDK's server (on
 * Java 17) writes an answer's headers and body in two TCP segments with Nagle's algorithm on, and
 * the client's delayed acknowledgement of the first holds the second back about 40 ms, on every
 * call (JDK-6968351). Set it to {@code false} to keep this class from changing it.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

    /** When the request the current handler thread serves arrived, as {@link System#nanoTime()}. */
    private static final ThreadLocal<long[]> ARRIVED = ThreadLocal.withInitial(() -> new long[1]);

    /** Read by the JDK once, when the JVM's first HTTP server is created: see the class comment. */
    static final String NODELAY = "sun.net.httpserver.nodelay";

    private final Settings settings;
    private final ProviderDispatcher dispatcher;
    private final EndpointGuard guard;
    private final ProviderLifecycle lifecycle;
    /** Exchanges being answered: the dispatcher counts a call done once its answer exists, before it is written. */
    private final AtomicInteger answering = new AtomicInteger();
    private HttpServer server;
    private ExecutorService executor;
    private Instance instance;

    private RpcServer(Settings settings) {
        this.settings = settings;
        this.dispatcher = new ProviderDispatcher(settings.environment(), settings.filters(), settings.limits(), settings.authentication(),
                settings.observer(), settings.listeners());
        this.guard = new EndpointGuard(settings.allowedOrigins());
        this.lifecycle = new ProviderLifecycle(settings.registry(), dispatcher);
    }

    /** A builder of a server; only the registry must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Exports {@code bean} as {@code serviceInterface}; call before {@link #start()}. */
    public <T> RpcServer export(Class<T> serviceInterface, T bean, String version) {
        dispatcher.export(serviceInterface, bean, version);
        return this;
    }

    /** Starts listening and registers every exported service. */
    public synchronized RpcServer start() throws IOException {
        if (server != null) {
            return this;
        }
        preferNoDelay();
        server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 128);
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        executor = pool;
        // Stamp each request as it arrives, so that its wait for a free thread counts against the caller's deadline.
        server.setExecutor(exchange -> {
            long arrived = System.nanoTime();
            pool.execute(() -> {
                ARRIVED.get()[0] = arrived;
                exchange.run();
            });
        });
        server.createContext(settings.path(), this::handle);
        server.start();
        String exposed = ExposureWarning.of(settings.host(), dispatcher.authenticates());
        if (exposed != null) {
            log.warn(exposed);
        }
        instance = lifecycle.register(new Instance("http", settings.host(), server.getAddress().getPort(), settings.path(),
                settings.metadata()));
        return this;
    }

    /** Turns Nagle's algorithm off for the JDK's HTTP servers, unless the application chose already: see the class comment. */
    private static synchronized void preferNoDelay() {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
            log.info("Set the JVM-wide system property {}=true, so that the JDK's HTTP server does not hold each answer back"
                    + " ~40 ms (JDK-6968351); set it yourself to choose otherwise", NODELAY);
        }
    }

    /** The instance as registered; {@code null} before {@link #start()}. */
    public Instance instance() {
        return instance;
    }

    /** The key under which {@code serviceInterface} in {@code version} is exported, in this server's environment. */
    public ServiceKey serviceKey(Class<?> serviceInterface, String version) {
        return ServiceKey.of(serviceInterface, version, settings.environment());
    }

    /** The dispatcher behind the endpoint, for its state (calls in flight). */
    public ProviderDispatcher dispatcher() {
        return dispatcher;
    }

    /** Unregisters, drains running calls, then stops the server. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        lifecycle.shutdown(settings.unregisterDelay(), settings.drainTimeout());
        // A drained call may still be writing its answer, which stop(0) would cut: up to 1 s for those writes.
        // (Not stop(1): on Java 17 it always waits its whole delay.)
        awaitAnswered(1_000);
        server.stop(0);
        executor.shutdownNow();
        server = null;
    }

    /** Stops the HTTP server at once, without unregistering: what a crash looks like to consumers. */
    public synchronized void kill() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Waits at most {@code millis} until no exchange is being answered. */
    private void awaitAnswered(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        synchronized (answering) {
            for (long left = millis; answering.get() > 0 && left > 0; left = (end - System.nanoTime()) / 1_000_000) {
                try {
                    answering.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        answering.incrementAndGet();
        try {
            answer(exchange);
        } finally {
            if (answering.decrementAndGet() == 0) {
                synchronized (answering) {
                    answering.notifyAll();
                }
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        // A VirtualMachineError from the dispatch closes the exchange (its connection) unanswered and ends the thread.
        try (exchange) {
            Headers headers = exchange.getRequestHeaders();
            Optional<EndpointGuard.Refusal> refusal = guard.refusal(exchange.getRequestMethod(),
                    headers.getFirst("Content-Type"), headers.getFirst("Origin"));
            EncodedResponse response = refusal.isPresent()
                    ? dispatcher.refuse(refusal.get().code(), refusal.get().message(), caller(exchange))
                    : dispatcher.dispatch(exchange.getRequestBody(), contentLength(headers), settings.maxRequestSize(),
                            ARRIVED.get()[0], headers::getFirst, caller(exchange)).join();
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), response.length());
            try (OutputStream out = exchange.getResponseBody()) {
                response.writeTo(out);
            }
        }
    }

    /** The caller's address for the observers, built only when there is one. */
    private String caller(HttpExchange exchange) {
        return dispatcher.observesCallers() ? exchange.getRemoteAddress().getAddress().getHostAddress() : null;
    }

    /** The announced length of the body, or -1 when there is none (chunked) or it is not a number (the server refuses those). */
    private static long contentLength(Headers headers) {
        String length = headers.getFirst("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The settings of a server, copied from its builder at {@link Builder#build()}, so that later changes to the builder do not reach it. */
    private record Settings(RegistryCenter registry, String environment, String host, int port, String path, int threads,
            int maxRequestSize, RequestLimits limits, Set<String> allowedOrigins, Map<String, String> metadata, List<Filter> filters,
            Duration unregisterDelay, Duration drainTimeout, CallAuthentication authentication, ServerCallObserver observer,
            List<RpcServerListener> listeners) {
    }

    /** Settings of an {@link RpcServer}; {@link #build()} copies them, so a builder can be changed and reused afterwards. */
    public static final class Builder {

        private RegistryCenter registry;
        private String environment = ServiceKey.DEFAULT_ENVIRONMENT;
        private String host = "127.0.0.1";
        private int port;
        private String path = "/zkrpc";
        private int threads = 64;
        private int maxRequestSize = 8 * 1024 * 1024;
        private RequestLimits limits = RequestLimits.DEFAULTS;
        private Set<String> allowedOrigins = Set.of();
        private Map<String, String> metadata = Map.of();
        private final List<Filter> filters = new ArrayList<>();
        private Duration unregisterDelay = Duration.ZERO;
        private Duration drainTimeout = Duration.ofSeconds(10);
        private CallAuthentication authentication = CallAuthentication.NONE;
        private ObservationRegistry observationRegistry;
        private ZkRpcServerObservationConvention observationConvention;
        private boolean accessLog;
        private final List<RpcServerListener> listeners = new ArrayList<>();

        /** The registry the server announces its instance in; required. */
        public Builder registry(RegistryCenter registry) {
            this.registry = registry;
            return this;
        }

        /** The environment the services are exported in; only consumers of the same environment see them. */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /** The address to bind and to announce; {@code 127.0.0.1} unless set. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port to bind; 0, the default, takes a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The path of the RPC endpoint; {@code /zkrpc} unless set. */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** The size of the pool that runs calls, and so the most calls served at once; 64 unless set. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** The largest request body accepted, so that one caller cannot exhaust the heap; 8 MiB unless set. */
        public Builder maxRequestSize(int bytes) {
            this.maxRequestSize = bytes;
            return this;
        }

        /** What one request may hold and how fast its body must arrive; {@link RequestLimits#DEFAULTS} unless set. */
        public Builder limits(RequestLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The browser origins (values of the {@code Origin} header, such as {@code https://console.example.com})
         * whose calls are accepted; none unless set, so that no web page can call the services. {@code *} accepts all.
         */
        public Builder allowedOrigins(Collection<String> origins) {
            this.allowedOrigins = Set.copyOf(origins);
            return this;
        }

        /** Metadata registered with the instance, such as weight or tags, for consumers' routers and balancers. */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata = metadata;
            return this;
        }

        /** Adds a provider filter; filters run in the order added. */
        public Builder filter(Filter filter) {
            this.filters.add(filter);
            return this;
        }

        /**
         * How long {@link RpcServer#close()} waits after unregistering, so that consumers stop sending
         * before the drain; none unless set.
         */
        public Builder unregisterDelay(Duration delay) {
            this.unregisterDelay = delay;
            return this;
        }

        /** How long {@link RpcServer#close()} waits for running calls to finish before stopping anyway; 10 s unless set. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /**
         * The secrets a call's signature is checked against, before its body is decoded; a call
         * without a valid signature is refused with {@link RpcErrorCode#UNAUTHENTICATED}. None unless set.
         */
        public Builder authentication(CallAuthentication authentication) {
            this.authentication = Objects.requireNonNull(authentication, "authentication");
            return this;
        }

        /**
         * The registry in which each call served is observed as {@code zkrpc.server.requests},
         * current on the thread that runs the service bean (so that its logs carry the trace id and
         * its own calls are children of it), the caller's trace context read from the call's
         * attachments. None unless set: then no class of Micrometer's is loaded. Needs
         * {@code io.micrometer:micrometer-observation} on the class path.
         */
        public Builder observationRegistry(ObservationRegistry registry) {
            this.observationRegistry = registry;
            return this;
        }

        /** The names and keys of the server's observations; {@code DefaultZkRpcServerObservationConvention} unless set. */
        public Builder observationConvention(ZkRpcServerObservationConvention convention) {
            this.observationConvention = convention;
            return this;
        }

        /**
         * Whether each call served is logged when its answer is ready, at INFO on the logger
         * {@code io.zkrpc.access}: the service, method, caller, outcome and duration, also as key/values; and each
         * request refused before it reaches a method, with its error code and the caller's address. Off unless set.
         */
        public Builder accessLog(boolean enabled) {
            this.accessLog = enabled;
            return this;
        }

        /** Adds a listener told of each request refused before it reaches a method; listeners run in the order added. */
        public Builder listener(RpcServerListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Apart, so that Micrometer's classes are loaded only for a server that has a registry. */
        private ServerCallObserver observed() {
            return new MicrometerServerObserver(observationRegistry, observationConvention);
        }

        /**
         * A server with these settings, not yet listening.
         *
         * @throws NullPointerException when no registry is set
         */
        public RpcServer build() {
            Objects.requireNonNull(registry, "registry");
            return new RpcServer(new Settings(registry, environment, host, port, path, threads, maxRequestSize, limits, allowedOrigins,
                    metadata == null ? Map.of() : Map.copyOf(metadata), List.copyOf(filters), unregisterDelay, drainTimeout,
                    authentication, ServerCallObserver.combine(observers()), List.copyOf(listeners)));
        }

        private List<ServerCallObserver> observers() {
            List<ServerCallObserver> observers = new ArrayList<>(2);
            if (observationRegistry != null) {
                observers.add(observed());
            }
            if (accessLog) {
                observers.add(AccessLog.SERVER);
            }
            return observers;
        }
    }
}
