package io.zkrpc.registry.zk;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.apache.curator.framework.state.ConnectionState;

/**
 * The registry's view of its ZooKeeper session, and the one owner of "is the session stable".
 * One state field, moved by compare-and-set as Curator's {@code PersistentNode} does:
 *
 * <pre>
 * LATENT ──start──▶ STARTING ──connected──▶ CONNECTED ◀──────── window over ───────┐
 *                      │                       │                                     │
 *                      └─not reached─▶ SUSPENDED / LOST ──connected──▶ RECONNECTED_UNSTABLE
 *                                   (from any open state)
 * any ──close──▶ CLOSED
 * </pre>
 *
 * After a reconnection the session stays unstable for twice the session timeout: other clients'
 * sessions expire in that time and their nodes vanish before being re-created, so a mass removal
 * then may be an artefact. The time comes from the clock passed in, so tests need not wait for it.
 */
final class SessionMachine {

    /** The named states of the session. */
    enum State {
        /** Built, not started. */
        LATENT,
        /** Started, waiting for the first connection. */
        STARTING,
        /** Connected, and stable. */
        CONNECTED,
        /** Connection lost for now, or never reached at start; the session may survive. */
        SUSPENDED,
        /** The session is gone; a new one comes with the next connection. */
        LOST,
        /** Connected again, unstable until the window after the reconnection has passed. */
        RECONNECTED_UNSTABLE,
        /** Closed for good. */
        CLOSED;

        /** Whether the session is up in this state. */
        boolean connected() {
            return this == CONNECTED || this == RECONNECTED_UNSTABLE;
        }
    }

    /**
     * @param state the named state
     * @param unstableUntil the clock's nanos when {@code RECONNECTED_UNSTABLE} turns stable
     * @param snapshotServed whether lists were served from the snapshot since the last connection
     */
    private record Value(State state, long unstableUntil, boolean snapshotServed) {

        Value to(State next) {
            return new Value(next, unstableUntil, snapshotServed && !next.connected());
        }
    }

    /** What a connection event did: {@code connectedNow} when it brought the session (back) up. */
    record Transition(State from, State to) {

        boolean connectedNow() {
            return !from.connected() && to.connected() || to == State.RECONNECTED_UNSTABLE;
        }
    }

    private final AtomicReference<Value> current = new AtomicReference<>(new Value(State.LATENT, 0, false));
    private final LongSupplier nanoClock;
    private final long unstableNanos;

    /**
     * @param sessionTimeout the session timeout; a reconnected session is unstable for twice as long
     * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    SessionMachine(Duration sessionTimeout, LongSupplier nanoClock) {
        this.unstableNanos = sessionTimeout.multipliedBy(2).toNanos();
        this.nanoClock = nanoClock;
    }

    /** LATENT to STARTING; {@code false} when it was started or closed before. */
    boolean start() {
        for (Value now = current.get(); now.state() == State.LATENT; now = current.get()) {
            if (current.compareAndSet(now, now.to(State.STARTING))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends the wait of the start: STARTING becomes CONNECTED or SUSPENDED. A connection event that
     * came meanwhile has moved the state already, and wins.
     */
    void startWaitEnded(boolean reached) {
        current.updateAndGet(now -> now.state() == State.STARTING ? now.to(reached ? State.CONNECTED : State.SUSPENDED) : now);
    }

    /** Applies one of Curator's connection events. */
    Transition on(ConnectionState event) {
        while (true) {
            Value before = current.get();
            Value after = next(before, event);
            if (current.compareAndSet(before, after)) {
                return new Transition(before.state(), after.state());
            }
        }
    }

    private Value next(Value now, ConnectionState event) {
        State state = now.state();
        if (state == State.LATENT || state == State.CLOSED) {
            return now;
        }
        return switch (event) {
            case SUSPENDED -> now.to(State.SUSPENDED);
            case LOST -> now.to(State.LOST);
            case CONNECTED, RECONNECTED -> {
                if (state == State.STARTING) {
                    yield now.to(State.CONNECTED);
                }
                if (event == ConnectionState.CONNECTED && stateOf(now).connected()) {
                    yield now;
                }
                yield new Value(State.RECONNECTED_UNSTABLE, nanoClock.getAsLong() + unstableNanos, false);
            }
            default -> now; // READ_ONLY changes nothing here
        };
    }

    /** Moves to CLOSED; returns the state it was in, {@code CLOSED} when it was closed already. */
    State close() {
        return current.getAndUpdate(now -> now.to(State.CLOSED)).state();
    }

    /** The state now; an unstable window that has passed reads as CONNECTED. */
    State state() {
        Value now = current.get();
        State state = stateOf(now);
        if (state != now.state()) {
            current.compareAndSet(now, now.to(state));
        }
        return state;
    }

    /** Whether the registry may use the session now. */
    boolean isConnected() {
        return state().connected();
    }

    /** Whether the session is up and was not re-established recently: when a mass removal is believable. */
    boolean isStable() {
        return state() == State.CONNECTED;
    }

    /** Whether the registry is started and not closed, whatever its connection. */
    boolean isOpen() {
        State state = current.get().state();
        return state != State.LATENT && state != State.CLOSED;
    }

    /** Notes that a list was served from the snapshot; forgotten at the next connection. */
    void snapshotServed() {
        current.updateAndGet(now -> now.state().connected() ? now : new Value(now.state(), now.unstableUntil(), true));
    }

    /** Whether lists were served from the snapshot since the session was last connected. */
    boolean isSnapshotServed() {
        return current.get().snapshotServed();
    }

    private State stateOf(Value snapshot) {
        if (snapshot.state() == State.RECONNECTED_UNSTABLE && nanoClock.getAsLong() - snapshot.unstableUntil() >= 0) {
            return State.CONNECTED;
        }
        return snapshot.state();
    }

}
