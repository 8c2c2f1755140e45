package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.curator.framework.state.ConnectionState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.zkrpc.core.registry.Instance;

/**
 * The mass-removal decision, on a session driven by hand and a clock the test moves: no
 * ZooKeeper, no waiting.
 */
class RemovalGuardTest {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);
    private static final Instance FIRST = Instance.http("127.0.0.1", 8081, "/zkrpc");
    private static final Instance SECOND = Instance.http("127.0.0.1", 8082, "/zkrpc");
    private static final Instance THIRD = Instance.http("127.0.0.1", 8083, "/zkrpc");
    private static final Instance FOURTH = Instance.http("127.0.0.1", 8084, "/zkrpc");

    private final AtomicLong nanos = new AtomicLong();
    private final SessionMachine session = new SessionMachine(SESSION_TIMEOUT, nanos::get);
    private final RemovalGuard guard = new RemovalGuard(true, 0.5, session::isStable);

    @BeforeEach
    void connectedAndStable() {
        session.start();
        session.startWaitEnded(true);
    }

    @Test
    void removalOfEveryInstanceOnAStableSessionIsDelivered() {
        guard.offer(List.of(FIRST, SECOND));

        RemovalGuard.Decision decision = guard.offer(List.of());

        assertThat(decision.hold()).isFalse();
        assertThat(guard.delivered()).isEmpty();
        assertThat(guard.isHolding()).isFalse();
    }

    @Test
    void removalOfEveryInstanceWhileReconnectedIsHeldBack() {
        guard.offer(List.of(FIRST, SECOND));
        reconnect();

        RemovalGuard.Decision decision = guard.offer(List.of());

        assertThat(decision.hold()).isTrue();
        assertThat(decision.baseline()).containsExactly(FIRST, SECOND);
        assertThat(guard.isHolding()).isTrue();
        assertThat(guard.delivered()).containsExactly(FIRST, SECOND);
    }

    @Test
    void removalWhileSuspendedIsHeldBack() {
        guard.offer(List.of(FIRST, SECOND));
        session.on(ConnectionState.SUSPENDED);

        assertThat(guard.offer(List.of()).hold()).isTrue();
    }

    @Test
    void removalOfUpToTheShareWhileUnstableIsDelivered() {
        guard.offer(List.of(FIRST, SECOND, THIRD, FOURTH));
        reconnect();

        assertThat(guard.offer(List.of(THIRD, FOURTH)).hold()).isFalse();
        assertThat(guard.delivered()).containsExactly(THIRD, FOURTH);
    }

    @Test
    void removalsOneByOneWhileUnstableAddUpAgainstTheTrustedList() {
        guard.offer(List.of(FIRST, SECOND, THIRD, FOURTH));
        reconnect();

        assertThat(guard.offer(List.of(SECOND, THIRD, FOURTH)).hold()).isFalse();
        assertThat(guard.offer(List.of(THIRD, FOURTH)).hold()).isFalse();
        RemovalGuard.Decision third = guard.offer(List.of(FOURTH));

        assertThat(third.hold()).isTrue();
        assertThat(third.baseline()).containsExactly(FIRST, SECOND, THIRD, FOURTH);
    }

    @Test
    void onceTheUnstableWindowHasPassedTheRemovalIsDelivered() {
        guard.offer(List.of(FIRST, SECOND));
        reconnect();

        nanos.addAndGet(SESSION_TIMEOUT.multipliedBy(2).toNanos());

        assertThat(guard.offer(List.of()).hold()).isFalse();
    }

    @Test
    void aConfirmedReadEndsTheHoldAndBecomesTheBaseline() {
        guard.offer(List.of(FIRST, SECOND, THIRD, FOURTH));
        reconnect();
        guard.offer(List.of());

        guard.confirmed(List.of(FOURTH));

        assertThat(guard.isHolding()).isFalse();
        assertThat(guard.delivered()).containsExactly(FOURTH);
        assertThat(guard.offer(List.of()).hold()).as("every instance of the confirmed list removed").isTrue();
    }

    @Test
    void aFirstListOrAnEmptyBaselineIsNeverHeldBack() {
        reconnect();

        assertThat(guard.offer(List.of()).hold()).isFalse();
        assertThat(guard.offer(List.of(FIRST)).hold()).isFalse();
    }

    @Test
    void withProtectionOffNothingIsHeldBack() {
        RemovalGuard off = new RemovalGuard(false, 0.5, session::isStable);
        off.offer(List.of(FIRST, SECOND));
        reconnect();

        assertThat(off.offer(List.of()).hold()).isFalse();
    }

    private void reconnect() {
        session.on(ConnectionState.SUSPENDED);
        session.on(ConnectionState.RECONNECTED);
        assertThat(session.isStable()).isFalse();
    }
}
