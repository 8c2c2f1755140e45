package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.curator.framework.state.ConnectionState;
import org.junit.jupiter.api.Test;

import io.zkrpc.registry.zk.SessionMachine.State;

/** The session's states and transitions, on a clock the test moves: no ZooKeeper, no waiting. */
class SessionMachineTest {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private final AtomicLong nanos = new AtomicLong(123_456_789L);
    private final SessionMachine session = new SessionMachine(SESSION_TIMEOUT, nanos::get);

    @Test
    void startsLatentAndStartsOnce() {
        assertThat(session.state()).isEqualTo(State.LATENT);
        assertThat(session.isOpen()).isFalse();

        assertThat(session.start()).isTrue();
        assertThat(session.start()).isFalse();

        assertThat(session.state()).isEqualTo(State.STARTING);
        assertThat(session.isOpen()).isTrue();
        assertThat(session.isConnected()).isFalse();
    }

    @Test
    void aFirstConnectionWithinTheStartIsStableAtOnce() {
        session.start();

        SessionMachine.Transition transition = session.on(ConnectionState.CONNECTED);
        session.startWaitEnded(true);

        assertThat(transition.connectedNow()).isTrue();
        assertThat(session.state()).isEqualTo(State.CONNECTED);
        assertThat(session.isStable()).isTrue();
    }

    @Test
    void aStartThatReachesNothingIsSuspendedAndItsFirstConnectionIsUnstable() {
        session.start();
        session.startWaitEnded(false);
        assertThat(session.state()).isEqualTo(State.SUSPENDED);

        SessionMachine.Transition transition = session.on(ConnectionState.CONNECTED);

        assertThat(transition.connectedNow()).isTrue();
        assertThat(session.state()).isEqualTo(State.RECONNECTED_UNSTABLE);
        assertThat(session.isConnected()).isTrue();
        assertThat(session.isStable()).isFalse();
    }

    @Test
    void aConnectionThatCameBeforeTheStartsWaitEndedWins() {
        session.start();
        session.on(ConnectionState.CONNECTED);

        session.startWaitEnded(false);

        assertThat(session.state()).isEqualTo(State.CONNECTED);
    }

    @Test
    void aReconnectedSessionIsUnstableForTwiceTheSessionTimeout() {
        connected();
        session.on(ConnectionState.SUSPENDED);
        assertThat(session.state()).isEqualTo(State.SUSPENDED);
        assertThat(session.isConnected()).isFalse();

        assertThat(session.on(ConnectionState.RECONNECTED).connectedNow()).isTrue();

        nanos.addAndGet(SESSION_TIMEOUT.multipliedBy(2).toNanos() - 1);
        assertThat(session.isStable()).isFalse();
        assertThat(session.state()).isEqualTo(State.RECONNECTED_UNSTABLE);
        nanos.addAndGet(1);
        assertThat(session.isStable()).isTrue();
        assertThat(session.state()).isEqualTo(State.CONNECTED);
    }

    @Test
    void aLostSessionIsUnstableOnceFoundAgain() {
        connected();

        session.on(ConnectionState.LOST);
        assertThat(session.state()).isEqualTo(State.LOST);
        assertThat(session.isStable()).isFalse();
        session.on(ConnectionState.RECONNECTED);

        assertThat(session.state()).isEqualTo(State.RECONNECTED_UNSTABLE);
    }

    @Test
    void aReconnectionWhileUnstableStartsTheWindowAgain() {
        connected();
        session.on(ConnectionState.SUSPENDED);
        session.on(ConnectionState.RECONNECTED);
        nanos.addAndGet(SESSION_TIMEOUT.toNanos());

        session.on(ConnectionState.SUSPENDED);
        session.on(ConnectionState.RECONNECTED);
        nanos.addAndGet(SESSION_TIMEOUT.toNanos() + 1);

        assertThat(session.isStable()).isFalse();
    }

    @Test
    void aRepeatedConnectedEventChangesNothing() {
        connected();

        SessionMachine.Transition transition = session.on(ConnectionState.CONNECTED);

        assertThat(transition.connectedNow()).isFalse();
        assertThat(session.isStable()).isTrue();
    }

    @Test
    void readOnlyChangesNothing() {
        connected();

        session.on(ConnectionState.READ_ONLY);

        assertThat(session.state()).isEqualTo(State.CONNECTED);
    }

    @Test
    void closedIgnoresEveryEventAndClosesOnce() {
        connected();

        assertThat(session.close()).isEqualTo(State.CONNECTED);
        session.on(ConnectionState.RECONNECTED);

        assertThat(session.state()).isEqualTo(State.CLOSED);
        assertThat(session.isConnected()).isFalse();
        assertThat(session.isOpen()).isFalse();
        assertThat(session.close()).isEqualTo(State.CLOSED);
        assertThat(session.start()).isFalse();
    }

    @Test
    void aLatentSessionIgnoresEvents() {
        session.on(ConnectionState.CONNECTED);

        assertThat(session.state()).isEqualTo(State.LATENT);
    }

    @Test
    void theSnapshotIsInUseFromAServingWhileDisconnectedUntilTheNextConnection() {
        connected();
        session.snapshotServed();
        assertThat(session.isSnapshotServed()).as("served while connected").isFalse();

        session.on(ConnectionState.SUSPENDED);
        session.snapshotServed();
        assertThat(session.isSnapshotServed()).isTrue();
        session.on(ConnectionState.LOST);
        assertThat(session.isSnapshotServed()).isTrue();

        session.on(ConnectionState.RECONNECTED);
        assertThat(session.isSnapshotServed()).isFalse();
    }

    private void connected() {
        session.start();
        session.startWaitEnded(true);
        assertThat(session.isStable()).isTrue();
    }
}
