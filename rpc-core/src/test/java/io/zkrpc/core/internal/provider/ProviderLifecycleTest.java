package io.zkrpc.core.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.internal.contract.MethodDigests;
import io.zkrpc.core.registry.ChangedListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.registry.Subscription;

/** The provider's lifecycle against a registry that can be held in a call. */
class ProviderLifecycleTest {

    /** A first exported service. */
    public interface Alpha {
        String alpha();
    }

    /** A second exported service. */
    public interface Beta {
        String beta();
    }

    private static final ServiceKey ALPHA = new ServiceKey(Alpha.class.getName(), "", "test");
    private static final ServiceKey BETA = new ServiceKey(Beta.class.getName(), "", "test");
    private static final Instance INSTANCE = new Instance("http", "127.0.0.1", 8081, "/zkrpc", Map.of());

    private final HeldRegistry registry = new HeldRegistry();
    private final ProviderLifecycle lifecycle;
    /** {@link #INSTANCE} as registered, with the method lists of the services. */
    private final Instance registered;

    ProviderLifecycleTest() {
        ProviderDispatcher dispatcher = new ProviderDispatcher("test", List.of());
        dispatcher.export(Alpha.class, (Alpha) () -> "a", "");
        dispatcher.export(Beta.class, (Beta) () -> "b", "");
        lifecycle = new ProviderLifecycle(registry, dispatcher);
        registered = Contracts.announced(INSTANCE, dispatcher.services());
    }

    @Test
    void eachServiceIsRegisteredWithTheMethodListOfEveryServiceAndTheUsersVersionStays() {
        Instance versioned = new Instance("http", "127.0.0.1", 8081, "/zkrpc", Map.of("version", "7.1", "zone", "eu-1"));

        Instance announced = lifecycle.register(versioned);

        assertThat(announced.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("version", "7.1", "zone", "eu-1",
                "methods." + Alpha.class.getName(), MethodDigests.of("alpha()"), "methods." + Beta.class.getName(), MethodDigests.of("beta()")));
        assertThat(registry.fetchAll(ALPHA)).containsExactly(announced);
        assertThat(registry.fetchAll(BETA)).containsExactly(announced);
        assertThat(lifecycle.instance()).isEqualTo(announced);
    }

    @AfterEach
    void release() {
        registry.release.countDown();
    }

    @Test
    void itsStateIsReadWithoutWaitingForARegistryCallUnderWay() throws Exception {
        registry.holding = true;
        CompletableFuture<Void> registering = CompletableFuture.runAsync(() -> lifecycle.register(INSTANCE));
        assertThat(registry.entered.await(5, TimeUnit.SECONDS)).as("the registration reached the registry").isTrue();

        CompletableFuture<List<Object>> read = CompletableFuture.supplyAsync(
                () -> List.of(lifecycle.isOffline(), lifecycle.registeredServices(), lifecycle.isRegistered(), lifecycle.instance()));

        assertThat(read.get(2, TimeUnit.SECONDS)).as("read while the registry holds the registration")
                .containsExactly(false, List.of(), false, registered);
        registry.release.countDown();
        registering.get(5, TimeUnit.SECONDS);
        assertThat(lifecycle.registeredServices()).containsExactly(ALPHA, BETA);
    }

    @Test
    void anOnlineThatTheRegistryRefusedLeavesTheInstanceOfflineAndCanBeRetried() {
        lifecycle.register(INSTANCE);
        lifecycle.offline();
        registry.refuseOnce = BETA;

        assertThatThrownBy(lifecycle::online).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.REGISTRY_UNAVAILABLE));
        assertThat(lifecycle.isOffline()).as("still offline").isTrue();
        assertThat(lifecycle.registeredServices()).isEmpty();
        assertThat(registry.fetchAll(ALPHA)).as("what the failed attempt registered is withdrawn").isEmpty();

        assertThat(lifecycle.online()).as("the retry takes it online").isTrue();
        assertThat(lifecycle.isOffline()).isFalse();
        assertThat(lifecycle.registeredServices()).containsExactly(ALPHA, BETA);
        assertThat(registry.fetchAll(BETA)).containsExactly(registered);
    }

    @Test
    void onlineWhileOnlineRegistersWhatIsMissing() {
        registry.refuseOnce = BETA;
        assertThatThrownBy(() -> lifecycle.register(INSTANCE)).isInstanceOf(RpcException.class);
        assertThat(lifecycle.registeredServices()).containsExactly(ALPHA);

        assertThat(lifecycle.online()).as("it was not offline").isFalse();

        assertThat(lifecycle.registeredServices()).containsExactly(ALPHA, BETA);
        assertThat(registry.fetchAll(BETA)).containsExactly(registered);
    }

    /** A registry that holds its callers while {@link #holding}, until released. */
    private static final class HeldRegistry implements RegistryCenter {

        private final StaticRegistryCenter delegate = new StaticRegistryCenter();
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean holding;
        private volatile ServiceKey refuseOnce;

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public void register(ServiceKey service, Instance instance) {
            hold();
            if (service.equals(refuseOnce)) {
                refuseOnce = null;
                throw new RpcException(RpcErrorCode.REGISTRY_UNAVAILABLE, "ZooKeeper did not answer in time");
            }
            delegate.register(service, instance);
        }

        @Override
        public void unregister(ServiceKey service, Instance instance) {
            hold();
            delegate.unregister(service, instance);
        }

        private void hold() {
            if (!holding) {
                return;
            }
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public List<Instance> fetchAll(ServiceKey service) {
            return delegate.fetchAll(service);
        }

        @Override
        public Subscription subscribe(ServiceKey service, ChangedListener listener) {
            return delegate.subscribe(service, listener);
        }
    }
}
