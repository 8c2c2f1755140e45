package io.zkrpc.test.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.ZkRegistryCenter;
import io.zkrpc.test.RunningProvider;
import io.zkrpc.test.ZkRpcKit;
import io.zkrpc.test.ZkRpcTest;

/** The kit of one test context: its ZooKeeper, the providers it started and their faults. */
final class DefaultZkRpcKit implements ZkRpcKit, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZkRpcKit.class);

    private final KitZooKeeper zooKeeper;
    private final Path workDirectory;
    private final String deadEnd;
    private final ZkRpcTest declaration;
    private final SessionControl ownSession = new SessionControl();
    private final List<InProcessProvider> providers = new CopyOnWriteArrayList<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "zkrpc-test-zookeeper-restart");
        thread.setDaemon(true);
        return thread;
    });
    private final List<CompletableFuture<Void>> closings = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> pendingRestart;
    private Instant restartDue;
    private ConfigurableApplicationContext testContext;
    private ZkRegistryCenter observer;

    DefaultZkRpcKit(ZkRpcTest declaration) throws Exception {
        this.declaration = declaration;
        this.zooKeeper = new KitZooKeeper();
        try {
            this.workDirectory = Files.createTempDirectory("zkrpc-test-");
            this.deadEnd = "127.0.0.1:" + closedPort();
        } catch (IOException | RuntimeException e) {
            try {
                zooKeeper.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        log.info("ZooKeeper for the test at {}", zooKeeper.connectString());
    }

    /** A port nothing listens on (it was free a moment ago): where a killed application's client keeps knocking. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    SessionControl ownSession() {
        return ownSession;
    }

    Path workDirectory() {
        return workDirectory;
    }

    String deadEnd() {
        return deadEnd;
    }

    /** Binds the kit to the test's context (not yet refreshed) and starts the declared providers. */
    void attach(ConfigurableApplicationContext context) {
        this.testContext = context;
        startDeclared();
    }

    private void startDeclared() {
        for (Class<?> application : declaration.providers()) {
            for (int i = 0; i < declaration.instances(); i++) {
                start(application, Arrays.asList(declaration.providerProperties()), true);
            }
        }
    }

    @Override
    public String zooKeeperAddress() {
        return zooKeeper.connectString();
    }

    @Override
    public RunningProvider startProvider(Class<?> application, String... properties) {
        return start(application, Arrays.asList(properties), false);
    }

    private InProcessProvider start(Class<?> application, List<String> properties, boolean declared) {
        int number = started.incrementAndGet();
        Environment test = testContext.getEnvironment();
        Map<String, String> arguments = new LinkedHashMap<>();
        // Settings a test may change.
        arguments.put("spring.main.banner-mode", "off");
        arguments.put("zkrpc.registry.session-timeout", "3s");
        arguments.put("zkrpc.provider.unregister-delay", "100ms");
        arguments.put("zkrpc.provider.drain-timeout", "2s");
        arguments.put("zkrpc.registry.snapshot-file", workDirectory.resolve("provider-" + number + ".json").toString());
        arguments.put("zkrpc.environment", test.getProperty("zkrpc.environment", ServiceKey.DEFAULT_ENVIRONMENT));
        arguments.put("zkrpc.registry.namespace", test.getProperty("zkrpc.registry.namespace", "zkrpc"));
        for (String property : properties) {
            int equals = property.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("Not a name=value property: '" + property + "'");
            }
            arguments.put(property.substring(0, equals).trim(), property.substring(equals + 1));
        }
        // What makes it a loopback instance of the test's registry.
        // A provider is served by a servlet web server, even when the test's application (whose
        // application.properties the provider reads too) is a consumer without one.
        arguments.put("spring.main.web-application-type", "servlet");
        arguments.put("server.port", "0");
        arguments.put("server.address", "127.0.0.1");
        arguments.put("zkrpc.provider.host", "127.0.0.1");
        arguments.put("zkrpc.registry.address", zooKeeper.connectString());
        arguments.put("zkrpc.registry.embedded", "false");
        SessionControl session = new SessionControl();
        FaultFilter faults = new FaultFilter();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("zkrpcTestSessionControl", session);
                    ctx.getBeanFactory().registerSingleton("zkrpcTestFaultFilter", faults);
                })
                .run(arguments.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        InProcessProvider provider = new InProcessProvider(this, application, properties, declared, context);
        providers.add(provider);
        log.info("Provider {} started, exporting {}", provider, provider.services());
        return provider;
    }

    @Override
    public List<RunningProvider> providers() {
        return providers.stream().filter(InProcessProvider::running).map(RunningProvider.class::cast).toList();
    }

    @Override
    public Instant stopZooKeeper() {
        try {
            return effective("ZooKeeper stopped", zooKeeper.stop());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized Instant stopZooKeeper(Duration outage) {
        if (pendingRestart != null) {
            pendingRestart.cancel(false); // the later outage wins
        }
        Instant stopped = stopZooKeeper();
        restartDue = stopped.plus(outage);
        pendingRestart = restarts.schedule(this::restartZooKeeper, outage.toMillis(), TimeUnit.MILLISECONDS);
        return stopped;
    }

    @Override
    public Instant restartZooKeeper() {
        try {
            return effective("ZooKeeper restarted", zooKeeper.restart());
        } catch (Exception e) {
            throw new IllegalStateException("ZooKeeper did not restart", e);
        }
    }

    @Override
    public void awaitZooKeeperRunning() {
        ScheduledFuture<?> pending;
        Instant due;
        synchronized (this) {
            pending = pendingRestart;
            due = restartDue;
        }
        if (pending != null) {
            // What is left of the outage, then the usual deadline; a failed restart fails the wait with its cause.
            Duration left = Duration.between(Instant.now(), due);
            Duration wait = (left.isNegative() ? Duration.ZERO : left).plus(DEADLINE);
            try {
                pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (CancellationException e) {
                // restarted by other means, or replaced by a later outage: the wait below tells
            } catch (ExecutionException e) {
                throw new IllegalStateException("ZooKeeper did not restart after its outage", e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("ZooKeeper was not restarted within " + wait.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for ZooKeeper", e);
            }
        }
        ZkRpcKit.await("ZooKeeper running at " + zooKeeperAddress()).until(zooKeeper::running);
    }

    @Override
    public Instant expireSession() {
        try {
            ownSession.expire(zooKeeperAddress(), DEADLINE);
        } catch (Exception e) {
            throw new IllegalStateException("Could not expire the test application's ZooKeeper session", e);
        }
        return effective("the test application's ZooKeeper session expired", Instant.now());
    }

    @Override
    public List<Instance> instances(Class<?> service) {
        return consumerInstances(ServiceKey.of(service, "", testContext.getEnvironment().getProperty("zkrpc.environment")));
    }

    @Override
    public void awaitInstances(Class<?> service, int count) {
        ZkRpcKit.await(count + " instances of " + service.getName() + " known to the test application")
                .until(() -> instances(service).size() == count);
    }

    /** What the test application's client lists for {@code service}; what ZooKeeper holds if it has no client. */
    List<Instance> consumerInstances(ServiceKey service) {
        RpcClient client = testContext.getBeanProvider(RpcClient.class).getIfAvailable();
        return client != null ? client.instances(service) : registered(service);
    }

    /** What ZooKeeper holds for {@code service} now, read by a client of the kit's own. */
    synchronized List<Instance> registered(ServiceKey service) {
        if (observer == null) {
            observer = ZkRegistryCenter.builder().connectString(zooKeeperAddress())
                    .namespace(testContext.getEnvironment().getProperty("zkrpc.registry.namespace", "zkrpc"))
                    .sessionTimeout(Duration.ofSeconds(10)).build();
            observer.start();
        }
        return observer.fetchAll(service);
    }

    /**
     * Undoes the test's faults, so that the next test starts as the class declared: ZooKeeper runs,
     * method faults are healed, providers the test started are closed, the sessions of killed ones ended,
     * and the declared ones that were killed or stopped are replaced. Returns once the test application no
     * longer lists the removed instances and lists every running declared one.
     */
    void restoreAfterTest() {
        synchronized (this) {
            if (pendingRestart != null) {
                pendingRestart.cancel(false);
                pendingRestart = null;
            }
        }
        restartZooKeeper();
        List<InProcessProvider> removed = new ArrayList<>();
        for (InProcessProvider provider : providers) {
            if (provider.running() && provider.declared()) {
                provider.heal();
                continue;
            }
            providers.remove(provider);
            if (provider.killed()) {
                // Its nodes go now; its shutdown, which waits on a client that never reconnects, need not hold the next test.
                provider.endAbandonedSession();
                closings.add(CompletableFuture.runAsync(provider::close, restarts));
            } else {
                provider.close();
            }
            removed.add(provider);
        }
        RpcClient client = testContext.getBeanProvider(RpcClient.class).getIfAvailable();
        if (client != null) {
            client.resetCallState();
        }
        // Before any replacement starts: a replacement may get the port, hence the address, of a removed instance.
        removed.forEach(InProcessProvider::awaitGone);
        for (InProcessProvider provider : removed) {
            if (provider.declared()) {
                start(provider.application(), provider.properties(), true);
            }
        }
        for (InProcessProvider provider : providers) {
            if (provider.declared()) {
                provider.awaitListed();
            }
        }
    }

    private static Instant effective(String what, Instant when) {
        log.info("{} at {}", what, when);
        return when;
    }

    @Override
    public void close() throws Exception {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (CompletableFuture<Void> closing : closings) {
            try {
                closing.get(DEADLINE.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                log.info("A killed provider did not close cleanly: {}", e.toString());
            }
        }
        restarts.shutdownNow();
        for (InProcessProvider provider : providers) {
            provider.close();
        }
        providers.clear();
        if (observer != null) {
            observer.stop();
        }
        zooKeeper.close();
        try (Stream<Path> files = Files.walk(workDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
