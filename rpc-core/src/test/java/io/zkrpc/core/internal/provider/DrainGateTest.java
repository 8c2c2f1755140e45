package io.zkrpc.core.internal.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DrainGateTest {

    private final DrainGate gate = new DrainGate();

    @Test
    void countsAdmittedCallsUntilTheyExit() {
        assertThat(gate.enter()).isTrue();
        assertThat(gate.enter()).isTrue();
        assertThat(gate.inFlight()).isEqualTo(2);

        gate.exit();

        assertThat(gate.inFlight()).isEqualTo(1);
    }

    @Test
    void aClosedGateAdmitsNoCallAndDoesNotCountIt() {
        gate.close();

        assertThat(gate.enter()).isFalse();
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void callsAdmittedBeforeClosingStillRunAndExit() {
        assertThat(gate.enter()).isTrue();
        gate.close();

        gate.exit();

        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void awaitIdleReportsTheTimeoutWhileACallRuns() throws InterruptedException {
        gate.enter();
        gate.close();

        assertThat(gate.awaitIdle(Duration.ofMillis(20))).isFalse();
        assertThat(gate.inFlight()).isEqualTo(1);
    }

    @Test
    void awaitIdleIsWokenByTheLastCallToExit() throws Exception {
        gate.enter();
        gate.close();
        CompletableFuture<Boolean> idle = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                idle.complete(gate.awaitIdle(Duration.ofMinutes(5)));
            } catch (InterruptedException e) {
                idle.completeExceptionally(e);
            }
        }, "drain-waiter");
        waiter.start();
        await("the drain waiting").atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

        gate.exit();

        // Far below the waiter's own five minutes: only the exit's wake-up can end the wait this soon.
        assertThat(idle.get(5, TimeUnit.SECONDS)).isTrue();
        waiter.join(TimeUnit.SECONDS.toMillis(5));
    }

    @Test
    void awaitIdleReturnsAtOnceWhenNothingRuns() throws InterruptedException {
        gate.close();

        assertThat(gate.awaitIdle(Duration.ZERO)).isTrue();
    }
}
