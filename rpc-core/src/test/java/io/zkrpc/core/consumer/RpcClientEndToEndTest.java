package io.zkrpc.core.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.OutlierDetection;
import io.zkrpc.core.cluster.PolicyOverrides;
import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.core.testsupport.Dto;

/** Consumer and provider over real HTTP on 127.0.0.1, found through an in-memory registry. */
class RpcClientEndToEndTest {

    private final StaticRegistryCenter registry = new StaticRegistryCenter();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CatalogImpl catalog = new CatalogImpl();
    private RpcServer server;
    private RpcClient client;

    @BeforeEach
    void startProviderAndConsumer() throws IOException {
        server = started(RpcServer.builder().registry(registry).build()
                .export(CatalogService.class, catalog, "")
                .export(DtoLookup.class, id -> new Dto(id, "dto-" + id), "")
                .export(Banner.class, () -> "welcome", ""));
        client = closedAfterwards(RpcClient.builder().registry(registry).build());
    }

    @AfterEach
    void closeEverything() throws Exception {
        catalog.release.countDown();
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void overloadsReachTheMethodWithTheSameParameterTypes() {
        CatalogService service = client.reference(CatalogService.class);

        assertThat(service.find(7)).isEqualTo("id:7");
        assertThat(service.find("seven")).isEqualTo("name:seven");
    }

    @Test
    void genericListResultArrivesWithItsElementType() {
        List<Dto> dtos = client.reference(CatalogService.class).list(3);

        assertThat(dtos).hasOnlyElementsOfType(Dto.class)
                .containsExactly(new Dto(0, "dto-0"), new Dto(1, "dto-1"), new Dto(2, "dto-2"));
    }

    @Test
    void genericMapResultAndListArgumentKeepTheirTypes() {
        Map<String, Dto> index = client.reference(CatalogService.class).index(List.of(new Dto(1, "one"), new Dto(2, "two")));

        assertThat(index).containsExactlyInAnyOrderEntriesOf(Map.of("one", new Dto(1, "one"), "two", new Dto(2, "two")));
        assertThat(index.values()).hasOnlyElementsOfType(Dto.class);
    }

    @Test
    void voidMethodRunsOnTheProvider() {
        client.reference(CatalogService.class).touch("shelf-4");

        assertThat(catalog.touched).containsExactly("shelf-4");
    }

    @Test
    void callThroughTheGenericSuperInterfaceReachesTheNarrowedMethod() {
        Lookup<Dto> lookup = client.reference(DtoLookup.class);

        assertThat(lookup.lookup(5)).isEqualTo(new Dto(5, "dto-5"));
    }

    @Test
    void methodInheritedFromTwoInterfacesIsCallable() {
        Banner banner = client.reference(Banner.class);

        assertThat(banner.text()).isEqualTo("welcome");
        assertThat(((Label) banner).text()).isEqualTo("welcome");
    }

    @Test
    void uncheckedBusinessExceptionArrivesAsItsOwnType() {
        CatalogService service = client.reference(CatalogService.class);

        assertThatThrownBy(() -> service.fail("no such shelf"))
                .isExactlyInstanceOf(CatalogException.class)
                .hasMessage("no such shelf");
    }

    @Test
    void declaredCheckedExceptionArrivesAsItsOwnType() {
        CatalogService service = client.reference(CatalogService.class);

        assertThatThrownBy(() -> service.reserve(5))
                .isExactlyInstanceOf(OutOfStockException.class)
                .hasMessage("only 3 left, 5 wanted");
    }

    @Test
    void undeclaredCheckedExceptionArrivesAsServiceExceptionNamingItsType() {
        CatalogService service = client.reference(CatalogService.class);

        assertThatThrownBy(service::undeclared)
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.SERVICE_EXCEPTION);
                    assertThat(e.remoteType()).isEqualTo(OutOfStockException.class.getName());
                })
                .hasMessageContaining("sold out");
    }

    @Test
    void exceptionOfATypeTheConsumerCannotLoadArrivesAsServiceException() {
        CatalogService service = client.reference(CatalogService.class);

        assertThatThrownBy(service::unloadable)
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.SERVICE_EXCEPTION);
                    assertThat(e.remoteType()).isEqualTo(catalog.unloadableType.getName())
                            .startsWith(VanishingException.class.getName() + "/");
                })
                .hasMessageContaining("gone");
    }

    @Test
    void objectMethodsAreAnsweredLocallyWithoutAnyInstance() {
        RpcClient lonely = closedAfterwards(RpcClient.builder().registry(new StaticRegistryCenter()).build());
        CatalogService service = lonely.reference(CatalogService.class);
        CatalogService other = lonely.reference(CatalogService.class);

        assertThat(service.toString()).contains(CatalogService.class.getName());
        assertThat(service.equals(service)).isTrue();
        assertThat(service.equals(other)).isFalse();
        assertThat(service.hashCode()).isEqualTo(System.identityHashCode(service));
    }

    @Test
    void callWithoutAnyInstanceFailsWithNoProviderNamingTheService() {
        RpcClient lonely = closedAfterwards(RpcClient.builder().registry(new StaticRegistryCenter()).build());
        CatalogService service = lonely.reference(CatalogService.class);

        assertThatThrownBy(() -> service.find(1))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.NO_PROVIDER))
                .hasMessageContaining(CatalogService.class.getName());
    }

    @Test
    void callToAClosedPortFailsWithConnectFailed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ServiceKey key = ServiceKey.of(CatalogService.class, "", null);
        RpcClient stranded = closedAfterwards(RpcClient.builder()
                .registry(StaticRegistryCenter.of(key, Instance.http("127.0.0.1", closedPort, "/zkrpc")))
                .build());
        CatalogService service = stranded.reference(CatalogService.class);

        assertThatThrownBy(() -> service.find(1))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.CONNECT_FAILED));
    }

    @Test
    void callSlowerThanTheReferenceTimeoutFailsWithTimeout() {
        CatalogService service = client.reference(new ReferenceConfig<>(CatalogService.class, "", Duration.ofMillis(200), ""));

        long start = System.nanoTime();

        assertThatThrownBy(service::slow)
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.TIMEOUT));
        // The provider holds the call for 10 s unless released; the caller must give up long before.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        Awaitility.await("the call reached the provider").atMost(Duration.ofSeconds(2)).until(() -> catalog.slowCalls.get() == 1);
    }

    @Test
    void aDefaultMethodRunsLocallyAndOnlyItsCallOfAnAbstractMethodGoesRemote() throws IOException {
        AtomicInteger greetings = new AtomicInteger();
        started(RpcServer.builder().registry(registry).build().export(Salutation.class, name -> {
            greetings.incrementAndGet();
            return "hello " + name;
        }, ""));
        List<String> remoteCalls = new CopyOnWriteArrayList<>();
        RpcClient recording = closedAfterwards(RpcClient.builder().registry(registry).filter(chain -> {
            remoteCalls.add(chain.invocation().method().signature());
            return chain.proceed(chain.invocation());
        }).build());
        Salutation greeting = recording.reference(Salutation.class);

        assertThat(greeting.greetLoudly("ada")).isEqualTo("HELLO ADA!");

        assertThat(remoteCalls).containsExactly("greet(java.lang.String)");
        assertThat(greetings).hasValue(1);
    }

    @Test
    void aRedeployedProviderDoesNotInheritTheIsolationOfItsPredecessor() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ServiceKey key = ServiceKey.of(CatalogService.class, "", null);
        StaticRegistryCenter redeploying = StaticRegistryCenter.of(key,
                new Instance("http", "127.0.0.1", closedPort, "/zkrpc", Map.of("startTime", "1")));
        RpcClient isolating = closedAfterwards(RpcClient.builder().registry(redeploying)
                .outlierDetection(new OutlierDetection(1, 0.5, 1_000, Duration.ofSeconds(10), Duration.ofMinutes(1),
                        Duration.ofMinutes(2)))
                .build());
        CatalogService service = isolating.reference(new ReferenceConfig<>(CatalogService.class, "", "",
                new PolicyOverrides(null, 0, null, null, null), Map.of()));
        assertThatThrownBy(() -> service.find(1)).isInstanceOf(RpcException.class);
        assertThat(isolating.isolatedInstances()).containsOnlyKeys("127.0.0.1:" + closedPort);

        // The provider restarts at the same address: a new instance, which the registry lists instead.
        redeploying.register(key, new Instance("http", "127.0.0.1", closedPort, "/zkrpc", Map.of("startTime", "2")));

        assertThat(isolating.isolatedInstances()).isEmpty();
    }

    @Test
    void roundRobinAlternatesBetweenTwoProviders() throws IOException {
        int first = startWhoAmIServer();
        int second = startWhoAmIServer();
        WhoAmI whoAmI = client.reference(WhoAmI.class);

        List<Integer> answers = IntStream.range(0, 4).mapToObj(i -> whoAmI.port()).toList();

        assertThat(answers.subList(0, 2)).containsExactlyInAnyOrder(first, second);
        assertThat(answers.subList(2, 4)).isEqualTo(answers.subList(0, 2));
    }

    /** Starts a provider of {@link WhoAmI} that answers with its own port, and returns the port. */
    private int startWhoAmIServer() throws IOException {
        AtomicInteger port = new AtomicInteger();
        RpcServer whoAmIServer = started(RpcServer.builder().registry(registry).build()
                .export(WhoAmI.class, port::get, ""));
        port.set(whoAmIServer.instance().port());
        return port.get();
    }

    private RpcServer started(RpcServer rpcServer) throws IOException {
        closedAfterwards(rpcServer);
        return rpcServer.start();
    }

    private <T extends AutoCloseable> T closedAfterwards(T resource) {
        resources.add(resource);
        return resource;
    }

    static final class CatalogImpl implements CatalogService {

        final List<String> touched = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger slowCalls = new AtomicInteger();
        final Class<?> unloadableType = defineUnloadableException();

        @Override
        public String find(int id) {
            return "id:" + id;
        }

        @Override
        public String find(String name) {
            return "name:" + name;
        }

        @Override
        public List<Dto> list(int n) {
            return IntStream.range(0, n).mapToObj(i -> new Dto(i, "dto-" + i)).toList();
        }

        @Override
        public Map<String, Dto> index(List<Dto> dtos) {
            Map<String, Dto> index = new LinkedHashMap<>();
            for (Dto dto : dtos) {
                index.put(Objects.requireNonNull(dto.getName()), dto);
            }
            return index;
        }

        @Override
        public void touch(String key) {
            touched.add(key);
        }

        @Override
        public String fail(String message) {
            throw new CatalogException(message);
        }

        @Override
        public int reserve(int quantity) throws OutOfStockException {
            if (quantity > 3) {
                throw new OutOfStockException("only 3 left, " + quantity + " wanted");
            }
            return quantity;
        }

        @Override
        public void undeclared() {
            throw CatalogImpl.<RuntimeException>sneaky(new OutOfStockException("sold out"));
        }

        @Override
        public void unloadable() {
            try {
                throw (RuntimeException) MethodHandles.lookup()
                        .findConstructor(unloadableType, MethodType.methodType(void.class, String.class))
                        .invoke("gone");
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public String slow() {
            slowCalls.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "finally";
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> E sneaky(Throwable e) throws E {
            throw (E) e;
        }

        /** {@link VanishingException} again, as a hidden class: {@code Class.forName} cannot find it by its name. */
        private static Class<?> defineUnloadableException() {
            String resource = VanishingException.class.getSimpleName() + ".class";
            try (InputStream in = VanishingException.class.getResourceAsStream(resource)) {
                byte[] bytes = Objects.requireNonNull(in, resource).readAllBytes();
                return MethodHandles.lookup().defineHiddenClass(bytes, true).lookupClass();
            } catch (IOException | IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
