package io.zkrpc.benchmark.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.Subscription;
import io.zkrpc.registry.zk.ZkRegistryCenter;

/**
 * The registry at scale: {@code instances} instances across {@code services} services in one
 * ZooKeeper, registered by {@code clients} registry clients (each one session, standing for a
 * provider process), and one consumer subscribed to every service. Prints one {@code RESULT} line
 * per figure:
 *
 * <pre>
 * RESULT scenario=registry-full-view services=100 instances=1000 ms=…
 * RESULT scenario=registry-change changes=200 p50_ms=… p99_ms=…
 * RESULT scenario=registry-storm instances=300 listener_calls=… converge_ms=…
 * RESULT scenario=registry-watches watches=…
 * RESULT scenario=registry-heap bytes=…
 * </pre>
 *
 * Arguments: {@code zookeeper=HOST:PORT services=100 instances=1000 clients=100 changes=200 storm=300}.
 */
public final class RegistryBenchmark {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private final String zookeeper;
    private final int serviceCount;
    private final int instanceCount;
    private final int clientCount;
    private final int changes;
    private final int storm;
    private final List<ServiceKey> services = new ArrayList<>();
    private final List<ZkRegistryCenter> clients = new ArrayList<>();
    /** What each consumer-side listener saw last, by service. */
    private final Map<ServiceKey, Set<String>> seen = new ConcurrentHashMap<>();
    private final AtomicInteger listenerCalls = new AtomicInteger();

    private RegistryBenchmark(Map<String, String> args) {
        this.zookeeper = args.getOrDefault("zookeeper", "127.0.0.1:2181");
        this.serviceCount = Integer.parseInt(args.getOrDefault("services", "100"));
        this.instanceCount = Integer.parseInt(args.getOrDefault("instances", "1000"));
        this.clientCount = Integer.parseInt(args.getOrDefault("clients", "100"));
        this.changes = Integer.parseInt(args.getOrDefault("changes", "200"));
        this.storm = Integer.parseInt(args.getOrDefault("storm", "300"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Arguments are NAME=VALUE, not " + arg);
            }
            args.put(arg.substring(0, eq).replaceFirst("^--", ""), arg.substring(eq + 1));
        }
        new RegistryBenchmark(args).run();
    }

    private void run() throws Exception {
        for (int i = 0; i < serviceCount; i++) {
            services.add(new ServiceKey("io.zkrpc.bench.Service" + i, "", "bench"));
        }
        for (int i = 0; i < clientCount; i++) {
            clients.add(registry());
        }
        log("registering " + instanceCount + " instances of " + serviceCount + " services through " + clientCount + " clients");
        for (int i = 0; i < instanceCount; i++) {
            clients.get(i % clientCount).register(services.get(i % serviceCount), instance(i));
        }

        long heapBefore = heapAfterGc();
        ZkRegistryCenter consumer = registry();
        List<Subscription> subscriptions = new ArrayList<>();
        long start = System.nanoTime();
        for (ServiceKey service : services) {
            subscriptions.add(consumer.subscribe(service, (key, instances) -> {
                listenerCalls.incrementAndGet();
                Set<String> addresses = ConcurrentHashMap.newKeySet();
                instances.forEach(instance -> addresses.add(instance.address() + "#" + instance.metadata().get("deploy")));
                seen.put(key, addresses);
            }));
        }
        awaitView(instanceCount);
        long fullViewMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long heapAfter = heapAfterGc();
        System.out.println("RESULT scenario=registry-full-view services=" + serviceCount + " instances=" + instanceCount
                + " ms=" + fullViewMillis);

        measureChanges();
        measureStorm();

        System.out.println("RESULT scenario=registry-watches watches=" + watches());
        System.out.println("RESULT scenario=registry-heap bytes=" + Math.max(0, heapAfter - heapBefore));

        subscriptions.forEach(Subscription::close);
        consumer.stop();
        clients.forEach(ZkRegistryCenter::stop);
    }

    /** One instance registered at a time, each awaited at the consumer: the latency of one change. */
    private void measureChanges() {
        long[] latencies = new long[changes];
        for (int i = 0; i < changes; i++) {
            ServiceKey service = services.get(i % serviceCount);
            Instance added = instance(instanceCount + i);
            long start = System.nanoTime();
            clients.get(i % clientCount).register(service, added);
            awaitSeen(service, added.address() + "#1", true);
            latencies[i] = System.nanoTime() - start;
            clients.get(i % clientCount).unregister(service, added);
            awaitSeen(service, added.address() + "#1", false);
        }
        java.util.Arrays.sort(latencies);
        System.out.printf("RESULT scenario=registry-change changes=%d p50_ms=%.1f p99_ms=%.1f%n", changes,
                latencies[(int) (changes * 0.50)] / 1e6, latencies[Math.min(changes - 1, (int) Math.ceil(changes * 0.99) - 1)] / 1e6);
    }

    /**
     * {@code storm} instances unregister and register again with a new deploy tag (a rolling
     * deploy) spread over 10 s; converged when the consumer sees every one with the new tag.
     */
    private void measureStorm() {
        int before = listenerCalls.get();
        long pause = TimeUnit.SECONDS.toNanos(10) / Math.max(1, storm);
        long start = System.nanoTime();
        for (int i = 0; i < storm; i++) {
            int index = i * Math.max(1, instanceCount / storm) % instanceCount;
            ZkRegistryCenter client = clients.get(index % clientCount);
            client.unregister(services.get(index % serviceCount), instance(index));
            client.register(services.get(index % serviceCount), instance(index, "2"));
            long next = start + (i + 1) * pause;
            while (System.nanoTime() - next < 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
            }
        }
        long issued = System.nanoTime();
        long deadline = issued + WAIT.toNanos();
        while (seen.values().stream().flatMap(Set::stream).filter(entry -> entry.endsWith("#2")).count() != storm) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The consumer did not see the " + storm + " re-registered instances");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        long converge = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - issued);
        System.out.println("RESULT scenario=registry-storm instances=" + storm + " listener_calls=" + (listenerCalls.get() - before)
                + " converge_ms=" + converge);
    }

    private void awaitView(int expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (seen.values().stream().mapToInt(Set::size).sum() != expected || seen.size() != serviceCount) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The consumer did not see " + expected + " instances within " + WAIT);
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }

    private void awaitSeen(ServiceKey service, String entry, boolean present) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (seen.getOrDefault(service, Set.of()).contains(entry) != present) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The consumer did not see " + entry + (present ? " added" : " removed"));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
    }

    private ZkRegistryCenter registry() {
        ZkRegistryCenter registry = ZkRegistryCenter.builder().connectString(zookeeper).namespace("zkrpc-bench")
                .sessionTimeout(Duration.ofSeconds(30)).failFast(true).build();
        registry.start();
        return registry;
    }

    private static Instance instance(int index) {
        return instance(index, "1");
    }

    private static Instance instance(int index, String deploy) {
        return new Instance("http", "10.0." + (index / 250) + "." + (index % 250), 20_000 + index, "/zkrpc",
                Map.of("weight", "100", "deploy", deploy));
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    /** The server's watch count, from the four-letter word {@code wchs}. */
    private long watches() throws IOException {
        int colon = zookeeper.lastIndexOf(':');
        try (Socket socket = new Socket(zookeeper.substring(0, colon), Integer.parseInt(zookeeper.substring(colon + 1)))) {
            OutputStream out = socket.getOutputStream();
            out.write("wchs".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            Matcher total = Pattern.compile("Total watches:(\\d+)").matcher(answer);
            if (!total.find()) {
                throw new IOException("Unexpected answer to wchs: " + answer.trim());
            }
            return Long.parseLong(total.group(1));
        }
    }

    private static void log(String message) {
        System.out.println("# " + message);
    }
}
