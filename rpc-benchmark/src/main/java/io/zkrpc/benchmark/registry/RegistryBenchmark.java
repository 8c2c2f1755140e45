package io.zkrpc.benchmark.registry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.curator.framework.state.ConnectionState;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;
import io.zkrpc.registry.zk.ZkRegistryCenter;

/**
 * The registry at scale, through zkrpc's own {@link ZkRegistryCenter}: {@code instances}
 * instances of {@code services} services registered by {@code providers} provider sessions, and
 * {@code consumers} consumer sessions each subscribed to {@code subscriptions} services. Every
 * session is one registry client, standing for one process.
 *
 * <p>The shape of a deployment: each service has {@code instances / services} replicas; the
 * providers form applications of that many replicas each (one session per replica process), and
 * every application exports an equal share of the services, so that each provider session
 * registers one instance of each service of its application. Consumer {@code c} subscribes to
 * services {@code c * subscriptions} to {@code c * subscriptions + subscriptions - 1} (modulo the
 * services): with 50 × 20 of 1,000 services, each service has one subscriber.
 *
 * <p>Prints one {@code RESULT} line per figure:
 *
 * <pre>
 * RESULT scenario=registry-full-view services=1000 instances=10000 providers=250 consumers=50 subscriptions=20 ms=…
 * RESULT scenario=registry-change changes=200 p50_ms=… p99_ms=…
 * RESULT scenario=registry-storm instances=1000 listener_calls=… converge_ms=…
 * RESULT scenario=registry-watches watches=…
 * RESULT scenario=registry-server znodes=… ephemerals=… watches=… data_bytes=… connections=…
 * RESULT scenario=registry-heap bytes=… per_subscription_bytes=… per_consumer_session_bytes=…
 * RESULT scenario=registry-restart down_ms=… registrations_ms=… subscriptions_ms=… suspended=… lost=… new_sessions=…
 * </pre>
 *
 * Arguments, {@code NAME=VALUE} (also {@code --bench.registry-NAME=VALUE}): {@code zookeeper=HOST:PORT}
 * and the shape, {@code services=1000 instances=10000 providers=250 consumers=50 subscriptions=20
 * changes=200 storm=1000 session-timeout=30s}; {@code restart-request=FILE} restarts ZooKeeper
 * by creating FILE and waiting until the script that runs ZooKeeper has restarted it and deleted
 * FILE (without it, no restart is measured); {@code heap-request=FILE} at the end asks that
 * script, the same way, to print the server's live heap.
 */
public final class RegistryBenchmark implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(180);

    /** Stops ZooKeeper and starts it again on the same port and data directory; returns once it was started. */
    @FunctionalInterface
    public interface ZooKeeperRestart {
        void restart() throws Exception;
    }

    /** The figures of one ZooKeeper restart, in milliseconds from the restart's request. */
    record RestartFigures(long downMillis, long registrationsMillis, long subscriptionsMillis, int suspended, int lost,
            int newSessions) {
    }

    private final String zookeeper;
    private final Shape shape;
    private final ZooKeeperRestart restart;
    private final Consumer<String> out;
    /** Asks the script running ZooKeeper to print the server's live heap, or {@code null}. */
    private Runnable serverHeap;
    private final ZooKeeperWords words;
    private final List<ServiceKey> services = new ArrayList<>();
    private final List<ZkRegistryCenter> providers = new ArrayList<>();
    private final List<View> consumers = new ArrayList<>();
    private final List<List<View>> subscribers = new ArrayList<>();
    private final AtomicInteger listenerCalls = new AtomicInteger();
    private final AtomicInteger suspended = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "registry-bench");
        thread.setDaemon(true);
        return thread;
    });

    /** One consumer session: its subscriptions and what its listeners saw last, by service. */
    private final class View {
        final ZkRegistryCenter registry;
        final List<ServiceKey> subscribed = new ArrayList<>();
        final Map<ServiceKey, Set<String>> seen = new ConcurrentHashMap<>();
        final List<Subscription> subscriptions = new ArrayList<>();

        View(ZkRegistryCenter registry) {
            this.registry = registry;
        }

        boolean whole() {
            for (ServiceKey service : subscribed) {
                if (seen.getOrDefault(service, Set.of()).size() != shape.replicas()) {
                    return false;
                }
            }
            return true;
        }
    }

    RegistryBenchmark(String zookeeper, Shape shape, ZooKeeperRestart restart, Consumer<String> out) {
        this.zookeeper = zookeeper;
        this.shape = shape;
        this.restart = restart;
        this.out = out;
        this.words = new ZooKeeperWords(zookeeper);
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Arguments are NAME=VALUE, not " + arg);
            }
            args.put(arg.substring(0, eq).replaceFirst("^--", "").replaceFirst("^bench\\.registry-", ""), arg.substring(eq + 1));
        }
        String zookeeper = args.getOrDefault("zookeeper", "127.0.0.1:2181");
        String request = args.remove("restart-request");
        args.remove("zookeeper");
        String heapRequest = args.remove("heap-request");
        Shape shape = Shape.parse(args);
        ZooKeeperRestart restart = request == null ? null : () -> request(Path.of(request), "the script to restart ZooKeeper");
        try (RegistryBenchmark benchmark = new RegistryBenchmark(zookeeper, shape, restart, System.out::println)) {
            if (heapRequest != null) {
                benchmark.serverHeap = () -> request(Path.of(heapRequest), "the script to measure ZooKeeper's heap");
            }
            benchmark.run();
        }
    }

    void run() throws Exception {
        start();
        subscribeAll();
        measureChanges();
        measureStorm();
        out.accept("RESULT scenario=registry-watches watches=" + words.watches());
        Map<String, Long> server = words.monitor();
        out.accept("RESULT scenario=registry-server znodes=" + server.get("zk_znode_count") + " ephemerals=" + server.get("zk_ephemerals_count")
                + " watches=" + server.get("zk_watch_count") + " data_bytes=" + server.get("zk_approximate_data_size")
                + " connections=" + server.get("zk_num_alive_connections"));
        out.accept("RESULT scenario=registry-heap bytes=" + subscriptionHeap + " per_subscription_bytes="
                + subscriptionHeap / ((long) shape.consumers() * shape.subscriptions())
                + " per_consumer_session_bytes=" + sessionHeap / shape.consumers());
        if (restart != null) {
            RestartFigures figures = measureRestart();
            out.accept("RESULT scenario=registry-restart down_ms=" + figures.downMillis() + " registrations_ms=" + figures.registrationsMillis()
                    + " subscriptions_ms=" + figures.subscriptionsMillis() + " suspended=" + figures.suspended() + " lost=" + figures.lost()
                    + " new_sessions=" + figures.newSessions());
        }
        if (serverHeap != null) {
            serverHeap.run(); // the script prints the server's live heap, with every node, watch and session in it
        }
    }

    private long subscriptionHeap;
    private long sessionHeap;

    /** Curator's LOST events so far, over every session (for tests). */
    int lostEvents() {
        return lost.get();
    }

    /** Starts the provider sessions and registers every instance, then starts the consumer sessions (not yet subscribed). */
    void start() throws Exception {
        for (int i = 0; i < shape.services(); i++) {
            services.add(new ServiceKey("io.zkrpc.bench.Service" + i, "", "bench"));
            subscribers.add(new ArrayList<>());
        }
        log("starting " + shape.providers() + " provider sessions; registering " + shape.instances() + " instances of "
                + shape.services() + " services (" + shape.replicas() + " replicas each, " + shape.servicesPerProvider()
                + " services per provider)");
        long start = System.nanoTime();
        providers.addAll(inParallel(shape.providers(), p -> {
            ZkRegistryCenter registry = registry();
            for (int s : shape.servicesOf(p)) {
                registry.register(services.get(s), instance(p, "1"));
            }
            return registry;
        }));
        log("registered in " + millisSince(start) + " ms; " + Thread.activeCount() + " threads for "
                + shape.providers() + " registry sessions");
        long before = heapAfterGc();
        List<ZkRegistryCenter> registries = inParallel(shape.consumers(), c -> registry());
        for (int c = 0; c < shape.consumers(); c++) {
            View view = new View(registries.get(c));
            for (int k = 0; k < shape.subscriptions(); k++) {
                int s = (c * shape.subscriptions() + k) % shape.services();
                if (!view.subscribed.contains(services.get(s))) {
                    view.subscribed.add(services.get(s));
                    subscribers.get(s).add(view);
                }
            }
            consumers.add(view);
        }
        sessionHeap = Math.max(0, heapAfterGc() - before);
    }

    /** Every consumer session subscribes to its services; returns when each sees its services whole. */
    long subscribeAll() throws Exception {
        long heapBefore = heapAfterGc();
        long start = System.nanoTime();
        inParallel(consumers.size(), c -> {
            View view = consumers.get(c);
            for (ServiceKey service : view.subscribed) {
                view.subscriptions.add(view.registry.subscribe(service, (key, instances) -> {
                    listenerCalls.incrementAndGet();
                    Set<String> addresses = ConcurrentHashMap.newKeySet();
                    instances.forEach(instance -> addresses.add(instance.address() + "#" + instance.metadata().get("deploy")));
                    view.seen.put(key, addresses);
                }));
            }
            return view;
        });
        await("every consumer session to see its " + shape.subscriptions() + " services whole",
                () -> consumers.stream().allMatch(View::whole));
        long fullViewMillis = millisSince(start);
        subscriptionHeap = Math.max(0, heapAfterGc() - heapBefore);
        out.accept("RESULT scenario=registry-full-view services=" + shape.services() + " instances=" + shape.instances()
                + " providers=" + shape.providers() + " consumers=" + shape.consumers() + " subscriptions=" + shape.subscriptions()
                + " ms=" + fullViewMillis);
        return fullViewMillis;
    }

    /** One instance registered at a time, each awaited at every subscriber of its service: the latency of one change. */
    private void measureChanges() {
        List<Integer> subscribed = subscribedServices();
        long[] latencies = new long[shape.changes()];
        for (int i = 0; i < latencies.length; i++) {
            int s = subscribed.get(i * 7919 % subscribed.size());
            int p = shape.providersOf(s).get(i % shape.replicas());
            ZkRegistryCenter provider = providers.get(p);
            Instance added = new Instance("http", host(p), 30_000 + i, "/zkrpc", Map.of("weight", "100", "deploy", "1"));
            String entry = added.address() + "#1";
            long start = System.nanoTime();
            provider.register(services.get(s), added);
            await(entry + " added", () -> subscribers.get(s).stream().allMatch(view -> view.seen.get(services.get(s)).contains(entry)));
            latencies[i] = System.nanoTime() - start;
            provider.unregister(services.get(s), added);
            await(entry + " removed", () -> subscribers.get(s).stream().noneMatch(view -> view.seen.get(services.get(s)).contains(entry)));
        }
        Arrays.sort(latencies);
        out.accept(String.format("RESULT scenario=registry-change changes=%d p50_ms=%.1f p99_ms=%.1f", latencies.length,
                latencies[(int) (latencies.length * 0.50)] / 1e6,
                latencies[Math.min(latencies.length - 1, (int) Math.ceil(latencies.length * 0.99) - 1)] / 1e6));
    }

    /**
     * {@code storm} instances of subscribed services unregister and register again with a new
     * deploy tag (a rolling deploy) spread over 10 s; converged when every subscriber sees every
     * one with the new tag.
     */
    private void measureStorm() {
        List<Integer> subscribed = subscribedServices();
        int storm = Math.min(shape.storm(), subscribed.size() * shape.replicas());
        int before = listenerCalls.get();
        long expected = 0;
        long pause = TimeUnit.SECONDS.toNanos(10) / Math.max(1, storm);
        long start = System.nanoTime();
        for (int i = 0; i < storm; i++) {
            int s = subscribed.get(i % subscribed.size());
            int p = shape.providersOf(s).get(i / subscribed.size() % shape.replicas());
            providers.get(p).unregister(services.get(s), instance(p, "1"));
            providers.get(p).register(services.get(s), instance(p, "2"));
            expected += subscribers.get(s).size();
            long next = start + (i + 1) * pause;
            while (System.nanoTime() - next < 0) {
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }
        long issued = System.nanoTime();
        long total = expected;
        await("every subscriber to see the " + storm + " re-registered instances", () -> consumers.stream()
                .flatMap(view -> view.seen.values().stream()).flatMap(Set::stream).filter(entry -> entry.endsWith("#2")).count() == total);
        out.accept("RESULT scenario=registry-storm instances=" + storm + " listener_calls=" + (listenerCalls.get() - before)
                + " converge_ms=" + millisSince(issued));
    }

    /**
     * Restarts ZooKeeper and measures, from the request, how long until it serves again, until
     * every registration is whole (every instance node present, every provider session connected
     * with nothing waiting to be created) and until every subscription is whole (every consumer
     * session connected, the server's watch count back to its level before, every view whole);
     * counts the sessions' suspensions, losses (Curator's LOST: session expired) and new session ids.
     */
    RestartFigures measureRestart() throws Exception {
        List<ZkRegistryCenter> all = new ArrayList<>(providers);
        consumers.forEach(view -> all.add(view.registry));
        Map<ZkRegistryCenter, Long> sessionIds = new HashMap<>();
        for (ZkRegistryCenter registry : all) {
            sessionIds.put(registry, registry.client().getZookeeperClient().getZooKeeper().getSessionId());
        }
        long watchesBefore = words.watches();
        int suspendedBefore = suspended.get();
        int lostBefore = lost.get();
        log("restarting ZooKeeper (" + watchesBefore + " watches, " + all.size() + " sessions)");
        long start = System.nanoTime();
        restart.restart();
        await("ZooKeeper to serve again", words::serves);
        long down = millisSince(start);
        await("every registration to be whole", () -> providers.stream().allMatch(registry -> registry.status().connected())
                && providers.stream().allMatch(registry -> ((Collection<?>) registry.status().details().get("missing")).isEmpty())
                && words.monitor().getOrDefault("zk_ephemerals_count", -1L) == shape.instances());
        long registrations = millisSince(start);
        await("every subscription to be whole", () -> consumers.stream().allMatch(view -> view.registry.status().connected())
                && words.watches() >= watchesBefore && consumers.stream().allMatch(View::whole));
        long subscriptions = millisSince(start);
        int changed = 0;
        for (ZkRegistryCenter registry : all) {
            if (registry.client().getZookeeperClient().getZooKeeper().getSessionId() != sessionIds.get(registry)) {
                changed++;
            }
        }
        return new RestartFigures(down, registrations, subscriptions, suspended.get() - suspendedBefore, lost.get() - lostBefore, changed);
    }

    @Override
    public void close() {
        try {
            consumers.forEach(view -> view.subscriptions.forEach(Subscription::close));
            List<ZkRegistryCenter> all = new ArrayList<>(providers);
            consumers.forEach(view -> all.add(view.registry));
            inParallel(all.size(), i -> {
                all.get(i).stop();
                return i;
            });
        } catch (Exception e) {
            log("stopping the registry sessions failed: " + e);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Integer> subscribedServices() {
        List<Integer> subscribed = new ArrayList<>();
        for (int s = 0; s < shape.services(); s++) {
            if (!subscribers.get(s).isEmpty()) {
                subscribed.add(s);
            }
        }
        return subscribed;
    }

    @FunctionalInterface
    private interface IndexTask<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code task} for 0 to {@code count - 1} on the pool; the results in order; the first failure thrown. */
    private <T> List<T> inParallel(int count, IndexTask<T> task) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            Callable<T> call = () -> task.run(index);
            futures.add(pool.submit(call));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        return results;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Timed out after " + WAIT + " waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private ZkRegistryCenter registry() {
        ZkRegistryCenter registry = ZkRegistryCenter.builder().connectString(zookeeper).namespace("zkrpc-bench")
                .sessionTimeout(shape.sessionTimeout()).failFast(true).build();
        registry.start();
        registry.client().getConnectionStateListenable().addListener((client, state) -> {
            if (state == ConnectionState.SUSPENDED) {
                suspended.incrementAndGet();
            } else if (state == ConnectionState.LOST) {
                lost.incrementAndGet();
            }
        });
        return registry;
    }

    /** The address of provider process {@code p}: one host, one port, for every service it exports. */
    private static String host(int p) {
        return "10." + (p / 62_500) + "." + (p / 250 % 250) + "." + (p % 250);
    }

    private static Instance instance(int provider, String deploy) {
        return new Instance("http", host(provider), 20_880, "/zkrpc", Map.of("weight", "100", "deploy", deploy));
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** Creates {@code request} and waits until the script running ZooKeeper has done what it asks and deleted the file. */
    private static void request(Path request, String what) {
        try {
            Files.createFile(request);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot create " + request, e);
        }
        await(what + " (" + request + " deleted)", () -> !Files.exists(request));
    }

    private void log(String message) {
        out.accept("# " + message);
    }
}
