package io.zkrpc.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.cluster.Isolation;
import io.zkrpc.core.cluster.OutlierDetection;
import io.zkrpc.core.registry.Instance;

class OutlierDetectorTest {

    /** Five failures in a row isolate for 10 s. */
    private static final OutlierDetection LONG_PAUSE = new OutlierDetection(5, 0.5, 1_000, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(60));

    /** Five failures in a row isolate for 500 ms, doubling. */
    private static final OutlierDetection SHORT_PAUSE = new OutlierDetection(5, 0.5, 1_000, Duration.ofSeconds(10),
            Duration.ofMillis(500), Duration.ofSeconds(60));

    /** The detector's clock, which only the test moves. */
    private final AtomicLong nanos = new AtomicLong(-1_000_000_000L);
    private OutlierDetector detector = new OutlierDetector(LONG_PAUSE, nanos::get);
    private final Instance a = Instance.http("127.0.0.1", 10001, "/zkrpc");
    private final Instance b = Instance.http("127.0.0.1", 10002, "/zkrpc");
    private final Instance c = Instance.http("127.0.0.1", 10003, "/zkrpc");
    private final List<Instance> all = List.of(a, b, c);

    @Test
    void consecutiveFailuresIsolateAnInstance() {
        fail(a, 4, RpcErrorCode.TIMEOUT);
        assertThat(detector.isolated()).isEmpty();
        assertThat(detector.healthy(all)).containsExactly(a, b, c);

        fail(a, 1, RpcErrorCode.TIMEOUT);

        assertThat(detector.isolated()).containsOnlyKeys(a.address());
        assertThat(detector.healthy(all)).containsExactly(b, c);
    }

    @Test
    void isolationTellsWhyAndUntilWhen() {
        Instant before = Instant.now();

        fail(a, 5, RpcErrorCode.CONNECT_FAILED);

        Isolation isolation = detector.isolated().get(a.address());
        assertThat(isolation.reason()).contains("5 consecutive failures").contains("CONNECT_FAILED");
        assertThat(isolation.isolations()).isEqualTo(1);
        assertThat(isolation.until()).isBetween(before.plusSeconds(9), Instant.now().plusSeconds(10));
    }

    @Test
    void successResetsTheConsecutiveCount() {
        fail(a, 4, RpcErrorCode.TIMEOUT);
        detector.onSuccess(a);
        fail(a, 4, RpcErrorCode.TIMEOUT);

        assertThat(detector.isolated()).isEmpty();

        fail(a, 1, RpcErrorCode.TIMEOUT);

        assertThat(detector.isolated()).containsOnlyKeys(a.address());
    }

    @Test
    void shuttingDownIsolatesAtOnce() {
        detector.onFailure(b, RpcErrorCode.SHUTTING_DOWN);

        assertThat(detector.isolated()).containsOnlyKeys(b.address());
        assertThat(detector.isolated().get(b.address()).reason()).contains("shutting down");
        assertThat(detector.healthy(all)).containsExactly(a, c);
    }

    @Test
    void healthyNeverReturnsAnEmptyList() {
        for (Instance instance : all) {
            fail(instance, 5, RpcErrorCode.CONNECT_FAILED);
        }

        assertThat(detector.isolated()).containsOnlyKeys(a.address(), b.address(), c.address());
        assertThat(detector.healthy(all)).containsExactly(a, b, c);
        assertThat(detector.healthy(List.of(a))).containsExactly(a);
    }

    @Test
    void instancesTheDetectorNeverHeardOfAreHealthy() {
        fail(a, 5, RpcErrorCode.TIMEOUT);
        Instance stranger = Instance.http("127.0.0.1", 10004, "/zkrpc");

        assertThat(detector.healthy(List.of(a, stranger))).containsExactly(stranger);
    }

    @Test
    void afterThePauseOneSuccessRestoresTheInstance() {
        detector = new OutlierDetector(SHORT_PAUSE, nanos::get);
        fail(a, 5, RpcErrorCode.TIMEOUT);
        awaitHalfOpen(a);

        detector.onSuccess(a);

        // Restored: one failure is again just one of five, not a failed probe.
        detector.onFailure(a, RpcErrorCode.TIMEOUT);
        assertThat(detector.isolated()).isEmpty();
        assertThat(detector.healthy(all)).containsExactly(a, b, c);
    }

    @Test
    void afterThePauseOneFailureIsolatesAgainForLonger() {
        detector = new OutlierDetector(SHORT_PAUSE, nanos::get);
        fail(a, 5, RpcErrorCode.TIMEOUT);
        awaitHalfOpen(a);
        Instant probe = Instant.now();

        detector.onFailure(a, RpcErrorCode.TIMEOUT);

        Isolation again = detector.isolated().get(a.address());
        assertThat(again).isNotNull();
        assertThat(again.isolations()).isEqualTo(2);
        assertThat(again.reason()).contains("failed again");
        // The second pause is twice the first: 1 s.
        assertThat(again.until()).isAfter(probe.plusMillis(800));
        assertThat(detector.healthy(all)).containsExactly(b, c);
        advance(Duration.ofMillis(999));
        assertThat(detector.isolated()).containsOnlyKeys(a.address());
        advance(Duration.ofMillis(1));
        assertThat(detector.isolated()).isEmpty();
    }

    @Test
    void successDuringThePauseDoesNotRestoreEarly() {
        fail(a, 5, RpcErrorCode.TIMEOUT);

        // A call that started before the isolation may still answer.
        detector.onSuccess(a);

        assertThat(detector.isolated()).containsOnlyKeys(a.address());
    }

    @Test
    void failuresOfOtherInstancesDoNotAddUp() {
        fail(a, 4, RpcErrorCode.TIMEOUT);
        fail(b, 4, RpcErrorCode.TIMEOUT);
        fail(c, 4, RpcErrorCode.TIMEOUT);

        assertThat(detector.isolated()).isEmpty();
    }

    @Test
    void highFailureRateIsolatesWithoutAStreak() {
        OutlierDetector byRate = new OutlierDetector(new OutlierDetection(100, 0.5, 10, Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(60)), nanos::get);
        for (int i = 0; i < 4; i++) {
            byRate.onFailure(a, RpcErrorCode.TIMEOUT);
            byRate.onSuccess(a);
        }
        byRate.onSuccess(a);
        assertThat(byRate.isolated()).isEmpty();

        byRate.onFailure(a, RpcErrorCode.TIMEOUT);

        Map<String, Isolation> isolated = byRate.isolated();
        assertThat(isolated).containsOnlyKeys(a.address());
        assertThat(isolated.get(a.address()).reason()).contains("5 of 10");
    }

    private void fail(Instance instance, int times, RpcErrorCode code) {
        for (int i = 0; i < times; i++) {
            detector.onFailure(instance, code);
        }
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** Moves the clock past the first pause of {@link #SHORT_PAUSE}. */
    private void awaitHalfOpen(Instance instance) {
        assertThat(detector.isolated()).containsKey(instance.address());
        advance(Duration.ofMillis(499));
        assertThat(detector.isolated()).as("within the pause").containsKey(instance.address());
        advance(Duration.ofMillis(1));
        assertThat(detector.isolated()).doesNotContainKey(instance.address());
        assertThat(detector.healthy(all)).contains(instance);
    }

    @Test
    void aHalfOpenInstanceGetsOneProbeCallAtATimeNotItsFullShare() {
        detector = new OutlierDetector(SHORT_PAUSE, nanos::get);
        fail(a, 5, RpcErrorCode.TIMEOUT);
        awaitHalfOpen(a);

        assertThat(detector.healthy(all)).as("the probe's candidates").containsExactly(a, b, c);
        assertThat(detector.tryAcquireProbe(a)).as("the probe, once picked").isTrue();
        assertThat(detector.healthy(all)).as("the next call, within the probe interval").containsExactly(b, c);
        assertThat(detector.tryAcquireProbe(a)).as("a second probe within the interval").isFalse();

        detector.onSuccess(a);
        assertThat(detector.healthy(all)).as("after a successful probe").containsExactly(a, b, c);
        assertThat(detector.tryAcquireProbe(a)).isTrue();
        assertThat(detector.tryAcquireProbe(a)).isTrue();
        assertThat(detector.healthy(all)).containsExactly(a, b, c);
    }

    @Test
    void aHalfOpenInstanceKeepsItsProbeSlotWhileTheBalancerPicksOthers() {
        detector = new OutlierDetector(SHORT_PAUSE, nanos::get);
        fail(a, 5, RpcErrorCode.TIMEOUT);
        awaitHalfOpen(a);

        // Two calls whose balancer picked b and c: candidates listed, no probe taken.
        assertThat(detector.healthy(all)).containsExactly(a, b, c);
        assertThat(detector.tryAcquireProbe(b)).isTrue();
        assertThat(detector.healthy(all)).containsExactly(a, b, c);
        assertThat(detector.tryAcquireProbe(c)).isTrue();

        assertThat(detector.healthy(all)).as("a third call").containsExactly(a, b, c);
        assertThat(detector.tryAcquireProbe(a)).as("its probe of a").isTrue();
    }

    @Test
    void aHalfOpenInstanceGetsTheNextProbeAfterTheInterval() {
        detector = new OutlierDetector(SHORT_PAUSE, nanos::get);
        fail(a, 5, RpcErrorCode.TIMEOUT);
        awaitHalfOpen(a);
        assertThat(detector.tryAcquireProbe(a)).isTrue();

        advance(Duration.ofMillis(499));
        assertThat(detector.healthy(all)).containsExactly(b, c);
        assertThat(detector.tryAcquireProbe(a)).isFalse();

        advance(Duration.ofMillis(1));
        assertThat(detector.healthy(all)).containsExactly(a, b, c);
        assertThat(detector.tryAcquireProbe(a)).isTrue();
    }

    @Test
    void anInstanceWithinItsPauseIsAdmittedWhenPickedFromTheFallbackOfEveryCandidate() {
        for (Instance instance : all) {
            fail(instance, 5, RpcErrorCode.CONNECT_FAILED);
        }

        assertThat(detector.healthy(all)).containsExactly(a, b, c);
        assertThat(detector.tryAcquireProbe(b)).isTrue();
    }

    @Test
    void instancesThatLeftTheListsAreForgotten() {
        fail(a, 5, RpcErrorCode.TIMEOUT);
        fail(b, 5, RpcErrorCode.TIMEOUT);
        fail(c, 4, RpcErrorCode.TIMEOUT);

        detector.retainOnly(Set.of(b, c));

        assertThat(detector.isolated()).containsOnlyKeys(b.address());
        // c kept its four failures: one more isolates it.
        detector.onFailure(c, RpcErrorCode.TIMEOUT);
        assertThat(detector.isolated()).containsOnlyKeys(b.address(), c.address());
    }

    @Test
    void aRedeployedInstanceDoesNotInheritTheIsolationOfItsPredecessor() {
        Instance before = new Instance("http", "127.0.0.1", 10001, "/zkrpc", Map.of("startTime", "1"));
        Instance after = new Instance("http", "127.0.0.1", 10001, "/zkrpc", Map.of("startTime", "2"));
        fail(before, 5, RpcErrorCode.TIMEOUT);

        detector.retainOnly(Set.of(after, b));

        assertThat(detector.isolated()).isEmpty();
        assertThat(detector.healthy(List.of(after, b))).containsExactly(after, b);
    }

    @Test
    void anIsolatedInstanceStaysIsolatedWhenARuleChangesItsWeight() {
        Instance registered = new Instance("http", "127.0.0.1", 10001, "/zkrpc", Map.of("startTime", "1", "weight", "100"));
        Instance reweighted = new Instance("http", "127.0.0.1", 10001, "/zkrpc", Map.of("startTime", "1", "weight", "50"));
        fail(registered, 5, RpcErrorCode.TIMEOUT);

        detector.retainOnly(Set.of(reweighted, b));

        assertThat(detector.isolated()).containsOnlyKeys(registered.address());
        assertThat(detector.healthy(List.of(reweighted, b))).containsExactly(b);
        // The same process under its new record: one more failure once half-open isolates it again, for longer.
        advance(Duration.ofSeconds(10));
        detector.onFailure(reweighted, RpcErrorCode.TIMEOUT);
        assertThat(detector.isolated().get(reweighted.address()).isolations()).isEqualTo(2);
    }
}
