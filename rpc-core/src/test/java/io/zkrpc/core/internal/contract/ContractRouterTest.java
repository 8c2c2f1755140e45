package io.zkrpc.core.internal.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

class ContractRouterTest {

    interface Greeter {

        String greet(String name);

        String shout(String name);

        default String greetTwice(String name) {
            return greet(name) + greet(name);
        }
    }

    interface Before {

        String greet(String name);
    }

    interface After {

        String greet(String name);

        String shout(String name);

        String whisper(String name);
    }

    private static final ServiceKey KEY = new ServiceKey("com.example.Greeter", "", "test");
    private static final Map<String, MethodDescriptor> METHODS = MethodDescriptor.forInterface(Greeter.class);

    private final ContractRouter router = new ContractRouter(KEY, Greeter.class);

    @Test
    void whenEveryInstanceExportsEveryMethodTheListGoesThroughAsItIs() {
        List<Instance> known = List.of(publishing(8081, Greeter.class), publishing(8082, After.class), listless(8083));

        assertThat(router.route(known, call("greet(java.lang.String)"))).isSameAs(known);
        assertThat(router.route(known, call("shout(java.lang.String)"))).isSameAs(known);
        assertThat(router.refusal(known, call("shout(java.lang.String)"))).isNull();
    }

    @Test
    void aMethodGoesOnlyToTheInstancesExportingItAndTheOthersEverywhere() {
        Instance old = publishing(8081, Before.class);
        Instance upgraded = publishing(8082, Greeter.class);
        Instance listless = listless(8083);
        List<Instance> known = List.of(old, upgraded, listless);

        assertThat(router.route(known, call("shout(java.lang.String)"))).containsExactly(upgraded, listless);
        assertThat(router.route(known, call("greet(java.lang.String)"))).isSameAs(known);
    }

    @Test
    void aMethodNoInstanceExportsIsRefusedNamingTheMethodAndEachInstanceWithItsVersion() {
        Instance first = publishing(8081, Before.class, "1.0");
        Instance second = publishing(8082, Before.class, "1.0\n\u0007".repeat(30));
        List<Instance> known = List.of(first, second);

        assertThat(router.route(known, call("shout(java.lang.String)"))).isEmpty();
        RpcException refusal = router.refusal(known, call("shout(java.lang.String)"));

        assertThat(refusal.code()).isEqualTo(RpcErrorCode.UNKNOWN_METHOD);
        assertThat(refusal.code().retryable(true)).isFalse();
        assertThat(refusal.getMessage()).startsWith("[UNKNOWN_METHOD] No instance of com.example.Greeter@test exports shout(java.lang.String)"
                + ", which the consumer's interface has: 127.0.0.1:8081 (version 1.0), 127.0.0.1:8082 (version 1.0??1.0")
                .doesNotContain("\n").contains("\u2026)");
        assertThat(router.refusal(List.of(), call("shout(java.lang.String)"))).isNull();
    }

    @Test
    void aDefaultMethodRunsOnTheProxySoItsAbsenceAtProvidersChangesNothing() {
        // Providers export default methods too; one exporting only the abstract ones still serves everything called remotely.
        Instance abstractOnly = new Instance("http", "127.0.0.1", 8081, "/zkrpc", Map.of(MethodDigests.key(KEY),
                MethodDigests.publish(List.of("greet(java.lang.String)", "shout(java.lang.String)"))));
        List<Instance> known = List.of(abstractOnly);

        assertThat(router.route(known, call("greet(java.lang.String)"))).isSameAs(known);
        assertThat(router.route(known, call("shout(java.lang.String)"))).isSameAs(known);
    }

    @Test
    void unreadableMetadataIsTakenToExportEveryMethod() {
        List<Instance> known = List.of(publishing(8081, Before.class), withList(8082, "garbage"), withList(8083, "ab".repeat(10_000)),
                withList(8084, "7c006918,"));

        assertThat(router.route(known, call("shout(java.lang.String)"))).extracting(Instance::port).containsExactly(8082, 8083, 8084);
    }

    @Test
    void eachNewListIsPreparedAgainAndTheSameListOnlyOnce() {
        List<Instance> before = List.of(publishing(8081, Before.class), publishing(8082, Greeter.class));
        List<Instance> after = List.of(publishing(8081, Greeter.class), publishing(8082, Greeter.class));

        List<Instance> narrowed = router.route(before, call("shout(java.lang.String)"));
        assertThat(router.route(before, call("shout(java.lang.String)"))).isSameAs(narrowed);
        assertThat(router.route(after, call("shout(java.lang.String)"))).isSameAs(after);
        assertThat(router.route(before, call("shout(java.lang.String)"))).extracting(Instance::port).containsExactly(8082);
    }

    private static Invocation call(String signature) {
        return new Invocation(KEY, METHODS.get(signature), new Object[] {"x"}, Map.of());
    }

    private static Instance publishing(int port, Class<?> contract) {
        return withList(port, MethodDigests.publish(MethodDescriptor.forInterface(contract).keySet()));
    }

    private static Instance publishing(int port, Class<?> contract, String version) {
        return new Instance("http", "127.0.0.1", port, "/zkrpc", Map.of(MethodDigests.key(KEY),
                MethodDigests.publish(MethodDescriptor.forInterface(contract).keySet()), MethodDigests.VERSION_KEY, version));
    }

    private static Instance withList(int port, String methods) {
        return new Instance("http", "127.0.0.1", port, "/zkrpc", Map.of(MethodDigests.key(KEY), methods));
    }

    private static Instance listless(int port) {
        return Instance.http("127.0.0.1", port, "/zkrpc");
    }
}
