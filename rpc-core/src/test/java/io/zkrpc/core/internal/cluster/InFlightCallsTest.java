package io.zkrpc.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.registry.Instance;

class InFlightCallsTest {

    private final InFlightCalls inFlight = new InFlightCalls();
    private final Instance heavy = new Instance("http", "127.0.0.1", 8081, "/zkrpc", Map.of("weight", "100"));
    /** The same instance after its weight changed in the registry: a new record. */
    private final Instance light = new Instance("http", "127.0.0.1", 8081, "/zkrpc", Map.of("weight", "10"));

    @Test
    void aCallRunningWhenTheInstancesMetadataChangesStillCountsForIt() {
        AtomicInteger running = inFlight.enter(heavy);
        inFlight.retainOnly(Set.of(light));

        assertThat(inFlight.of(light)).isEqualTo(1);
        running.decrementAndGet();
        assertThat(inFlight.of(light)).isZero();
    }

    @Test
    void anInstanceThatLeftIsForgotten() {
        inFlight.enter(heavy);

        inFlight.retainOnly(Set.of(Instance.http("127.0.0.1", 8082, "/zkrpc")));

        assertThat(inFlight.of(heavy)).isZero();
    }
}
