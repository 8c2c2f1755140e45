package io.zkrpc.test.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.internal.provider.ExportedService;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.test.RunningProvider;
import io.zkrpc.test.ZkRpcKit;

/** A provider application started by the kit in this JVM. */
final class InProcessProvider implements RunningProvider {

    private static final Logger log = LoggerFactory.getLogger(RunningProvider.class);

    private enum State { RUNNING, KILLED, STOPPED }

    private final DefaultZkRpcKit kit;
    private final Class<?> application;
    private final List<String> properties;
    private final boolean declared;
    private final ConfigurableApplicationContext context;
    private final String address;
    private final List<ServiceKey> services;
    private final SessionControl session;
    private volatile State state = State.RUNNING;

    InProcessProvider(DefaultZkRpcKit kit, Class<?> application, List<String> properties, boolean declared,
            ConfigurableApplicationContext context) {
        this.kit = kit;
        this.application = application;
        this.properties = List.copyOf(properties);
        this.declared = declared;
        this.context = context;
        this.address = context.getEnvironment().getProperty("zkrpc.provider.host", "127.0.0.1") + ":"
                + context.getEnvironment().getProperty("local.server.port");
        this.services = exported(context);
        this.session = context.getBean(SessionControl.class);
    }

    /** What the provider really exports: the keys of its dispatcher's table, as the starter filled it. */
    private static List<ServiceKey> exported(ConfigurableApplicationContext context) {
        return context.getBean(ProviderDispatcher.class).services().stream().map(ExportedService::key).toList();
    }

    private FaultFilter faults(Class<?> service) {
        boolean exported = context.getBean(ProviderDispatcher.class).services().stream()
                .anyMatch(candidate -> candidate.serviceInterface() == service);
        if (!exported) {
            throw new IllegalArgumentException(this + " does not export " + service.getName() + "; it exports " + services);
        }
        return faults();
    }

    Class<?> application() {
        return application;
    }

    List<String> properties() {
        return properties;
    }

    boolean declared() {
        return declared;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public List<ServiceKey> services() {
        return services;
    }

    private FaultFilter faults() {
        return context.getBean(FaultFilter.class);
    }

    @Override
    public Instant slow(Class<?> service, String method, Duration delay) {
        faults(service).put(service, method, new FaultFilter.Slow(delay));
        return effective("slow " + service.getSimpleName() + "." + method + " by " + delay.toMillis() + " ms");
    }

    @Override
    public Instant fail(Class<?> service, String method, RpcErrorCode code) {
        faults(service).put(service, method, new FaultFilter.Fail(code));
        return effective("fail " + service.getSimpleName() + "." + method + " with " + code);
    }

    @Override
    public Instant hang(Class<?> service, String method) {
        faults(service).put(service, method, new FaultFilter.Hang());
        return effective("hang " + service.getSimpleName() + "." + method);
    }

    @Override
    public Instant heal() {
        if (context.isActive()) {
            faults().clear();
        }
        return effective("healed");
    }

    @Override
    public synchronized Instant kill() {
        requireRunning("kill");
        // The web server first: a call released afterwards has no connection left to answer on.
        if (context instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            web.getWebServer().stop();
        }
        faults().kill();
        session.cut(kit.deadEnd());
        state = State.KILLED;
        return effective("killed (web server stopped, ZooKeeper connection dropped; listed until its session times out)");
    }

    @Override
    public synchronized Instant stop() {
        requireRunning("stop");
        heal(); // hung calls would hold the drain for its whole timeout
        context.close();
        state = State.STOPPED;
        return effective("stopped gracefully (unregistered, drained, closed)");
    }

    @Override
    public Instant expireSession() {
        requireRunning("expire the session of");
        try {
            session.expire(kit.zooKeeperAddress(), ZkRpcKit.DEADLINE);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Could not expire the session of " + this, e);
        }
        return effective("ZooKeeper session expired");
    }

    boolean killed() {
        return state == State.KILLED;
    }

    @Override
    public boolean running() {
        return state == State.RUNNING;
    }

    @Override
    public void awaitListed() {
        ZkRpcKit.await(this + " listed by the test application for " + services)
                .until(() -> services.stream().allMatch(service -> listed(kit.consumerInstances(service))));
    }

    @Override
    public void awaitGone() {
        ZkRpcKit.await(this + " gone from the test application's lists of " + services)
                .until(() -> services.stream().noneMatch(service -> listed(kit.consumerInstances(service))));
    }

    @Override
    public void awaitRegistered() {
        ZkRpcKit.await(this + " registered in ZooKeeper for " + services)
                .until(() -> services.stream().allMatch(service -> listed(kit.registered(service))));
    }

    private boolean listed(List<Instance> instances) {
        return instances.stream().anyMatch(instance -> instance.address().equals(address));
    }

    /**
     * Ends on the server the session a {@link #kill()} left open (ZooKeeper must run), so that its nodes go
     * now rather than at its timeout, during the next test.
     */
    void endAbandonedSession() {
        try {
            session.closeAbandoned(kit.zooKeeperAddress(), ZkRpcKit.DEADLINE);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Could not end the session left by " + this, e);
        }
    }

    /** Closes what is left of it after the test: a killed instance's context too, its client still trying a dead end. */
    void close() {
        heal();
        if (context.isActive()) {
            if (state == State.KILLED) {
                // A dead process unregisters nothing: without this its shutdown would wait for a connection that never comes.
                context.getBean(RegistryCenter.class).stop();
            }
            context.close();
        }
        if (state == State.RUNNING) {
            state = State.STOPPED;
        }
    }

    private void requireRunning(String what) {
        if (state != State.RUNNING) {
            throw new IllegalStateException("Cannot " + what + " " + this + ": it was " + state.name().toLowerCase() + " already");
        }
    }

    private Instant effective(String fault) {
        Instant now = Instant.now();
        log.info("{}: {} at {}", this, fault, now);
        return now;
    }

    @Override
    public String toString() {
        return application.getSimpleName() + "@" + address;
    }
}
