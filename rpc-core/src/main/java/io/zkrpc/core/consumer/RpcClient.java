package io.zkrpc.core.consumer;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.micrometer.observation.ObservationRegistry;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.cache.CacheStats;
import io.zkrpc.core.cluster.CallPolicy;
import io.zkrpc.core.cluster.Isolation;
import io.zkrpc.core.cluster.ConsistentHashLoadBalancer;
import io.zkrpc.core.cluster.LeastActiveLoadBalancer;
import io.zkrpc.core.cluster.LoadBalancer;
import io.zkrpc.core.cluster.P2cLoadBalancer;
import io.zkrpc.core.cluster.OutlierDetection;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.cluster.RandomLoadBalancer;
import io.zkrpc.core.cluster.RoundRobinLoadBalancer;
import io.zkrpc.core.cluster.Router;
import io.zkrpc.core.filter.Filter;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.cache.ResultCache;
import io.zkrpc.core.internal.cluster.ClientEvents;
import io.zkrpc.core.internal.cluster.InFlightCalls;
import io.zkrpc.core.internal.cluster.InstanceDirectory;
import io.zkrpc.core.internal.cluster.OutlierDetector;
import io.zkrpc.core.internal.cluster.RetryBudget;
import io.zkrpc.core.internal.codec.Codec;
import io.zkrpc.core.internal.context.CallContext;
import io.zkrpc.core.internal.contract.ContractRouter;
import io.zkrpc.core.internal.observation.AccessLog;
import io.zkrpc.core.internal.observation.ClientCallObserver;
import io.zkrpc.core.internal.observation.MicrometerClientObserver;
import io.zkrpc.core.internal.security.CallSigner;
import io.zkrpc.core.observation.ZkRpcClientObservationConvention;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.security.CallAuthentication;

/**
 * The consumer side: creates proxies of service interfaces whose calls go, through the filters,
 * routers and load balancer, to the instances the registry lists. One client serves any number
 * of references; they share one OkHttp client (and so one pool of keep-alive connections) and one
 * live instance list per service.
 *
 * <pre>{@code
 * try (RpcClient client = RpcClient.builder().registry(registry).build()) {
 *     UserService users = client.reference(UserService.class);
 *     users.findById(1);
 * }
 * }</pre>
 */
public final class RpcClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RpcClient.class);

    /** The largest reply body a client accepts unless told otherwise: 16 MiB. */
    private static final long DEFAULT_MAX_RESPONSE_SIZE = 16L * 1024 * 1024;

    private final RegistryCenter registry;
    private final String environment;
    private final CallPolicy defaults;
    private final RetryBudgetSettings retryBudget;
    private final OutlierDetector outliers;
    private final List<Filter> filters;
    private final Set<String> propagate;
    private final List<Router> routers;
    private final Map<String, LoadBalancer> loadBalancers;
    private final LoadBalancer defaultLoadBalancer;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final HttpInvoker invoker;
    /** What watches each call (observations, access log), or {@code null}: then a call allocates nothing for it. */
    private final ClientCallObserver observer;
    private final Map<ServiceKey, InstanceDirectory> directories = new ConcurrentHashMap<>();
    private final Map<ServiceKey, RetryBudget> budgets = new ConcurrentHashMap<>();
    /** By service and interface, so that references of one interface share one (and its logs). */
    private final Map<List<Object>, ContractRouter> contracts = new ConcurrentHashMap<>();
    private final Map<ServiceKey, Map<String, CallPolicy>> policies = new ConcurrentHashMap<>();
    private final Map<ServiceKey, Map<String, ResultCache>> caches = new ConcurrentHashMap<>();
    private final InFlightCalls inFlight = new InFlightCalls();
    private final ClientEvents events;
    private final boolean tagStrict;

    private RpcClient(Builder builder) {
        this.registry = Objects.requireNonNull(builder.registry, "registry");
        this.environment = builder.environment;
        this.tagStrict = builder.tagStrict;
        this.defaults = builder.defaults;
        this.retryBudget = builder.retryBudget;
        this.events = new ClientEvents(builder.listeners);
        this.outliers = new OutlierDetector(builder.outlierSettings, events);
        this.filters = List.copyOf(builder.filters);
        this.propagate = Set.copyOf(builder.propagate);
        this.routers = List.copyOf(builder.routers);
        this.loadBalancers = Map.copyOf(builder.loadBalancers);
        this.defaultLoadBalancer = loadBalancer(builder.defaultLoadBalancer);
        this.ownsHttp = builder.http == null;
        this.http = ownsHttp ? OwnHttpClient.build(builder.connectTimeout, builder.maxIdleConnections, builder.httpCustomizers)
                : builder.http;
        Codec codec = builder.codec;
        this.invoker = new HttpInvoker(http, codec,
                new ReplyReader(codec, builder.maxResponseSize, new RemoteExceptions(builder.exceptionPackages)),
                CallSigner.of(builder.authentication));
        List<ClientCallObserver> observers = new ArrayList<>(2);
        if (builder.observationRegistry != null) {
            observers.add(observed(builder));
        }
        if (builder.accessLog) {
            observers.add(AccessLog.CLIENT);
        }
        this.observer = ClientCallObserver.combine(observers);
    }

    /** Apart, so that Micrometer's classes are loaded only for a client that has a registry. */
    private static ClientCallObserver observed(Builder builder) {
        return new MicrometerClientObserver(builder.observationRegistry, builder.observationConvention);
    }

    /** A builder of a client; only the registry must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A proxy of the unversioned service {@code type} with the client's defaults. */
    public <T> T reference(Class<T> type) {
        return reference(ReferenceConfig.of(type));
    }

    /** A proxy of the service that {@code config} describes. */
    public <T> T reference(ReferenceConfig<T> config) {
        ServiceKey key = ServiceKey.of(config.type(), config.version(), environment);
        LoadBalancer balancer = config.loadBalancer().isEmpty() ? defaultLoadBalancer : loadBalancer(config.loadBalancer());
        Map<Method, MethodDescriptor> remote = new HashMap<>();
        for (MethodDescriptor method : MethodDescriptor.forInterface(config.type()).values()) {
            // A default method runs on the proxy itself; its calls of abstract methods are the remote ones.
            if (!method.method().isDefault()) {
                remote.put(method.method(), method);
            }
        }
        checkStaleIfError(config, remote.values());
        if (config.forceFallback()) {
            return forcedMock(key, config, remote);
        }
        InstanceDirectory directory = directory(key);
        RetryBudget budget = budgets.computeIfAbsent(key, service -> new RetryBudget(retryBudget.ratio(), retryBudget.minRetriesPerSecond()));
        ContractRouter contract = contracts.computeIfAbsent(List.of(key, config.type()), ignored -> new ContractRouter(key, config.type()));
        ClusterInvoker cluster = new ClusterInvoker(directory, contract, routers, balancer, invoker, budget, outliers, inFlight, events,
                observer, tagStrict);
        Map<Method, ConsumerMethod> methods = new HashMap<>();
        remote.forEach((method, descriptor) -> methods.put(method, ConsumerMethod.prepare(key, descriptor, defaults, config, filters, cluster, propagate, events)));
        Map<String, CallPolicy> methodPolicies = new TreeMap<>();
        methods.forEach((method, prepared) -> methodPolicies.put(remote.get(method).signature(), prepared.policy()));
        policies.merge(key, Collections.unmodifiableMap(methodPolicies), (known, added) -> {
            Map<String, CallPolicy> merged = new TreeMap<>(known);
            merged.putAll(added);
            return Collections.unmodifiableMap(merged);
        });
        Map<String, ResultCache> methodCaches = new TreeMap<>();
        methods.forEach((method, prepared) -> {
            if (prepared.cache() != null) {
                methodCaches.put(remote.get(method).signature(), prepared.cache());
            }
        });
        if (!methodCaches.isEmpty()) {
            caches.merge(key, Collections.unmodifiableMap(methodCaches), (known, added) -> {
                Map<String, ResultCache> merged = new TreeMap<>(known);
                merged.putAll(added);
                return Collections.unmodifiableMap(merged);
            });
            log.info("Caching results of {}: {}", key, methodCaches.keySet());
        }
        Object proxy = Proxy.newProxyInstance(config.type().getClassLoader(), new Class<?>[] {config.type()},
                new ConsumerInvocationHandler(key, Map.copyOf(methods)));
        if (!config.methodStaleIfError().isEmpty()) {
            log.info("Answering {} with stale results when it cannot answer, for at most: {}", key, new TreeMap<>(config.methodStaleIfError()));
        }
        CallPolicy common = defaults.with(config.overrides());
        log.info("Referenced {} ({} instance(s) known; {} ms per attempt, {} retries, {})", key, directory.instances().size(),
                common.timeout().toMillis(), common.retries(), common.cluster());
        return config.type().cast(proxy);
    }

    /**
     * A proxy whose every call the fallback answers, with nothing sent and the registry not asked
     * (the service is not subscribed to): a forced mock, for development, announced by a WARN.
     */
    private <T> T forcedMock(ServiceKey key, ReferenceConfig<T> config, Map<Method, MethodDescriptor> remote) {
        Map<Method, ConsumerMethod> methods = new HashMap<>();
        remote.forEach((method, descriptor) -> methods.put(method,
                ConsumerMethod.prepare(key, descriptor, defaults, config, filters, null, propagate, events)));
        log.warn("Every call of {} is answered by the fallback {}, and none reaches a provider: its mock is forced "
                + "(a development setting)", key, config.fallback().getClass().getName());
        Object proxy = Proxy.newProxyInstance(config.type().getClassLoader(), new Class<?>[] {config.type()},
                new ConsumerInvocationHandler(key, Map.copyOf(methods)));
        return config.type().cast(proxy);
    }

    /** @throws IllegalArgumentException when stale-if-error names a method the interface does not have */
    private static void checkStaleIfError(ReferenceConfig<?> config, Collection<MethodDescriptor> remote) {
        for (String name : config.methodStaleIfError().keySet()) {
            if (remote.stream().noneMatch(method -> method.name().equals(name))) {
                throw new IllegalArgumentException("stale-if-error is set for " + config.type().getName() + "." + name
                        + ", but the interface has no remote method of that name");
            }
        }
    }

    /** The instances taken out of the rotation for failing, by address; shared by every reference of this client. */
    public Map<String, Isolation> isolatedInstances() {
        return outliers.isolated();
    }

    /**
     * The policy of every remote method of every service referenced so far, by service and then by
     * method (named with its parameter types, as in logs), each resolved as its calls use it. When
     * two references of one service set different policies, the later reference's are shown.
     */
    public Map<ServiceKey, Map<String, CallPolicy>> policies() {
        Map<ServiceKey, Map<String, CallPolicy>> sorted = new TreeMap<>(Comparator.comparing(ServiceKey::toString));
        sorted.putAll(policies);
        return Collections.unmodifiableMap(sorted);
    }

    /**
     * The figures of the result cache of every cached method of every service referenced so far,
     * by service and then by method (named as in {@link #policies()}), read now. When two references
     * of one service cache a method, the later reference's cache is shown.
     */
    public Map<ServiceKey, Map<String, CacheStats>> caches() {
        Map<ServiceKey, Map<String, CacheStats>> figures = new TreeMap<>(Comparator.comparing(ServiceKey::toString));
        caches.forEach((service, methods) -> {
            Map<String, CacheStats> byMethod = new TreeMap<>();
            methods.forEach((method, cache) -> byMethod.put(method, cache.stats()));
            figures.put(service, Collections.unmodifiableMap(byMethod));
        });
        return Collections.unmodifiableMap(figures);
    }

    /** The services this client subscribed to (those referenced, or asked for with {@link #instances}), in name order. */
    public Set<ServiceKey> services() {
        Set<ServiceKey> sorted = new TreeSet<>(Comparator.comparing(ServiceKey::toString));
        sorted.addAll(directories.keySet());
        return Collections.unmodifiableSet(sorted);
    }

    /**
     * The attempts this client has sent to {@code instance} and not yet seen end, over every
     * reference; zero for an instance it never called. Cheap enough for a balancer to read per call.
     */
    public int callsInFlight(Instance instance) {
        return inFlight.of(instance);
    }

    /**
     * Internal, not API: for zkrpc's test kit ({@code io.zkrpc:rpc-test}), which calls it between tests; it
     * may change or go in any release. Forgets the isolations of the outlier detector and the counts of
     * the retry budgets, as a new client would start; instance lists and references stay.
     */
    public void resetCallState() {
        outliers.reset();
        budgets.values().forEach(RetryBudget::reset);
        log.info("Forgot isolations and retry budgets");
    }

    /** The instances of {@code service} this client knows now; subscribes to the service on first use. */
    public List<Instance> instances(ServiceKey service) {
        return directory(service).instances();
    }

    /**
     * The rules in force for {@code service} (its gray rule and instance weights), in the shape of
     * its rules node: empty when it has none, or when this client has not subscribed to it.
     */
    public Map<String, Object> rules(ServiceKey service) {
        InstanceDirectory directory = directories.get(service);
        return directory == null ? Map.of() : directory.snapshot().rules().toMap();
    }

    /** The live instance list of {@code service}, subscribed on first use and shared by its references. */
    private InstanceDirectory directory(ServiceKey service) {
        InstanceDirectory known = directories.get(service);
        if (known != null) {
            return known;
        }
        boolean[] created = new boolean[1];
        InstanceDirectory directory = directories.computeIfAbsent(service, key -> {
            created[0] = true;
            return InstanceDirectory.subscribe(key, registry, instances -> forgetDeparted());
        });
        if (created[0]) {
            events.onSubscribed(service);
        }
        return directory;
    }

    /** Prunes the outlier detector, shared by every service, to the instances some service still lists. */
    private void forgetDeparted() {
        Set<Instance> current = new HashSet<>();
        for (InstanceDirectory directory : directories.values()) {
            current.addAll(directory.instances());
        }
        outliers.retainOnly(current);
        inFlight.retainOnly(current);
    }

    private LoadBalancer loadBalancer(String name) {
        LoadBalancer balancer = loadBalancers.get(name);
        if (balancer == null) {
            throw new IllegalArgumentException("Unknown load balancer '" + name + "'; known: " + loadBalancers.keySet());
        }
        return balancer;
    }

    /** Unsubscribes every instance list and, when the client created it, releases the HTTP client. */
    @Override
    public void close() {
        directories.values().forEach(InstanceDirectory::close);
        directories.clear();
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private record RetryBudgetSettings(double ratio, int minRetriesPerSecond) {
        static final RetryBudgetSettings DEFAULT = new RetryBudgetSettings(0.1, 10);
    }

    /** Settings of an {@link RpcClient}. */
    public static final class Builder {

        private RegistryCenter registry;
        private String environment = ServiceKey.DEFAULT_ENVIRONMENT;
        private CallPolicy defaults = CallPolicy.DEFAULT;
        private RetryBudgetSettings retryBudget = RetryBudgetSettings.DEFAULT;
        private OutlierDetection outlierSettings = OutlierDetection.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(1);
        private int maxIdleConnections = 64;
        private long maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;
        private Codec codec = Codec.JSON_CODEC;
        private List<String> exceptionPackages = List.of();
        private final List<Filter> filters = new ArrayList<>();
        private final Set<String> propagate = new LinkedHashSet<>();
        private final List<Router> routers = new ArrayList<>();
        private final Map<String, LoadBalancer> loadBalancers = new HashMap<>(Map.of(
                RoundRobinLoadBalancer.NAME, new RoundRobinLoadBalancer(),
                RandomLoadBalancer.NAME, new RandomLoadBalancer(),
                LeastActiveLoadBalancer.NAME, new LeastActiveLoadBalancer(),
                P2cLoadBalancer.NAME, new P2cLoadBalancer(),
                ConsistentHashLoadBalancer.NAME, new ConsistentHashLoadBalancer()));
        private String defaultLoadBalancer = RoundRobinLoadBalancer.NAME;
        private OkHttpClient http;
        private final List<Consumer<OkHttpClient.Builder>> httpCustomizers = new ArrayList<>();
        private CallAuthentication authentication = CallAuthentication.NONE;
        private ObservationRegistry observationRegistry;
        private ZkRpcClientObservationConvention observationConvention;
        private boolean accessLog;
        private boolean tagStrict;
        private final List<RpcClientListener> listeners = new ArrayList<>();

        /** The registry the client looks services up in; required. */
        public Builder registry(RegistryCenter registry) {
            this.registry = registry;
            return this;
        }

        /** The environment whose providers the client calls, so that a dev consumer never reaches a prod provider. */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /** The default timeout of one attempt; 3 s unless set. */
        public Builder timeout(Duration timeout) {
            this.defaults = defaults.with(PolicyOverrides.timeout(timeout));
            return this;
        }

        /** The default policy of every method: timeout, retries, idempotence, cluster strategy, forks. */
        public Builder defaults(CallPolicy defaults) {
            this.defaults = Objects.requireNonNull(defaults, "defaults");
            return this;
        }

        /** How many retries each service may add over its calls; 10 % plus 10 per second unless set. */
        public Builder retryBudget(double ratio, int minRetriesPerSecond) {
            this.retryBudget = new RetryBudgetSettings(ratio, minRetriesPerSecond);
            return this;
        }

        /** When failing instances leave the rotation, and for how long. */
        public Builder outlierDetection(OutlierDetection settings) {
            this.outlierSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The connect timeout of the client's own OkHttp client; 1 s unless set. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** The idle keep-alive connections the client's own OkHttp client keeps; 64 unless set. */
        public Builder maxIdleConnections(int maxIdleConnections) {
            this.maxIdleConnections = maxIdleConnections;
            return this;
        }

        /**
         * The largest reply body accepted, in bytes, counted after decompression; a larger one fails
         * the call with {@code PAYLOAD_TOO_LARGE} as soon as it is known. 16 MiB unless set.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder maxResponseSize(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxResponseSize must be positive: " + bytes);
            }
            this.maxResponseSize = bytes;
            return this;
        }

        /**
         * The wire format of this client's requests: {@code json} (the default, readable with curl) or
         * {@code jsonb} (fastjson2's binary JSONB, sent as {@code application/x-zkrpc-jsonb}). A provider
         * answers in the format of the request; one too old to read JSONB answers HTTP 415, which
         * fails the call with {@code UNSUPPORTED_MEDIA_TYPE}.
         *
         * @throws IllegalArgumentException for another name
         */
        public Builder codec(String name) {
            this.codec = Codec.named(name);
            return this;
        }

        /**
         * The packages (with their subpackages) whose exceptions a provider's error reply may be
         * rebuilt as, besides the types a method's {@code throws} clause names; any other remote
         * exception arrives as an {@code RpcException} {@code SERVICE_EXCEPTION} naming its type.
         * Unless set (or when empty), each service interface's own package.
         */
        public Builder exceptionPackages(Collection<String> packages) {
            this.exceptionPackages = List.copyOf(packages);
            return this;
        }

        /**
         * Names attachments that pass on by themselves: a call made while serving a call (on the
         * thread that serves it) carries the served call's caller's attachments of these names,
         * unless the {@link io.zkrpc.core.RpcContext} sets them anew. None unless set.
         *
         * @throws IllegalArgumentException when a name is empty, too long, or reserved (other than {@code zkrpc.tag})
         */
        public Builder propagate(Collection<String> attachmentNames) {
            attachmentNames.forEach(CallContext::checkName);
            this.propagate.addAll(attachmentNames);
            return this;
        }

        /** Adds a consumer filter; filters run in the order added. */
        public Builder filter(Filter filter) {
            this.filters.add(filter);
            return this;
        }

        /** Adds a router; routers run in the order added. */
        public Builder router(Router router) {
            this.routers.add(router);
            return this;
        }

        /** Makes a load balancer available by name, for {@link ReferenceConfig#loadBalancer()}. */
        public Builder loadBalancer(String name, LoadBalancer balancer) {
            this.loadBalancers.put(name, balancer);
            return this;
        }

        /** The balancer used when a reference names none; {@code round-robin} unless set. */
        public Builder defaultLoadBalancer(String name) {
            this.defaultLoadBalancer = name;
            return this;
        }

        /** An OkHttp client to use instead of the client's own; the caller keeps ownership of it. */
        public Builder httpClient(OkHttpClient http) {
            this.http = http;
            return this;
        }

        /** A last say on the settings of the client's own OkHttp client. */
        public Builder httpCustomizer(Consumer<OkHttpClient.Builder> customizer) {
            this.httpCustomizers.add(customizer);
            return this;
        }

        /** The secrets with which every call is signed (the first of each list); none unless set. */
        public Builder authentication(CallAuthentication authentication) {
            this.authentication = Objects.requireNonNull(authentication, "authentication");
            return this;
        }

        /** Adds a listener told of retries, refused retries, isolations and restorations; listeners run in the order added. */
        public Builder listener(RpcClientListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The registry in which each call is observed as {@code zkrpc.client.requests}: one
         * observation per call, its retries included, current on the caller's thread while the call
         * is sent, and stopped when the call ends (when its future completes, for an asynchronous
         * method). With Micrometer Tracing, the trace context travels to the provider in the call's
         * attachments. None unless set: then no class of Micrometer's is loaded. Needs
         * {@code io.micrometer:micrometer-observation} on the class path.
         */
        public Builder observationRegistry(ObservationRegistry registry) {
            this.observationRegistry = registry;
            return this;
        }

        /** The names and keys of the client's observations; {@code DefaultZkRpcClientObservationConvention} unless set. */
        public Builder observationConvention(ZkRpcClientObservationConvention convention) {
            this.observationConvention = convention;
            return this;
        }

        /**
         * Whether each call is logged when it ends, at INFO on the logger {@code io.zkrpc.access}: the
         * service, method, instance, outcome, duration and attempts, also as key/values. Off unless set.
         */
        public Builder accessLog(boolean enabled) {
            this.accessLog = enabled;
            return this;
        }

        /**
         * Whether a call tagged {@code T} (attachment {@value io.zkrpc.core.RpcContext#TAG}) that no
         * instance tagged {@code T} can take fails with {@code NO_PROVIDER} rather than going where an
         * untagged call goes (the untagged instances, or when every one has a tag, those without the
         * gray rule's); off by default.
         */
        public Builder tagStrict(boolean strict) {
            this.tagStrict = strict;
            return this;
        }

        /**
         * A client with these settings; it subscribes to a service only when a reference needs it.
         *
         * @throws NullPointerException when no registry is set
         */
        public RpcClient build() {
            return new RpcClient(this);
        }
    }
}
