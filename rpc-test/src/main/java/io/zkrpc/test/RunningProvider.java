package io.zkrpc.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.registry.ServiceKey;

/**
 * One provider instance that the kit started in-process, and the faults it can suffer. A method fault
 * ({@link #slow}, {@link #fail}, {@link #hang}) applies to calls that reach the instance from then on,
 * to every overload of the method named, until {@link #heal()} or the end of the test.
 */
public interface RunningProvider {

    /** {@code 127.0.0.1:port}, the address it registered and consumers call. */
    String address();

    /** Its application context, for reaching its beans. */
    ConfigurableApplicationContext context();

    /** The services it exports. */
    List<ServiceKey> services();

    /**
     * Makes {@code method} of {@code service} answer {@code delay} late; returns when installed. This and the
     * other method faults refuse (IllegalArgumentException) a service the instance does not export.
     */
    Instant slow(Class<?> service, String method, Duration delay);

    /** Makes {@code method} of {@code service} fail with {@code code}, as the provider itself would answer it; returns when installed. */
    Instant fail(Class<?> service, String method, RpcErrorCode code);

    /** Makes {@code method} of {@code service} never answer, until healed, killed or stopped; returns when installed. */
    Instant hang(Class<?> service, String method);

    /** Removes every method fault of this instance and releases hung calls; returns when done. */
    Instant heal();

    /**
     * Kills the instance as {@code kill -9} would: its web server stops at once (open connections are cut,
     * new ones refused) and its ZooKeeper connection drops without closing the session, so that its nodes
     * stay listed until the session times out ({@code zkrpc.registry.session-timeout}, 3 s in the kit)
     * as after a real crash. Nothing is unregistered, nothing drained. Returns when both are done.
     */
    Instant kill();

    /**
     * Takes the instance offline gracefully, as a deployment does: its context closes, which unregisters,
     * waits {@code zkrpc.provider.unregister-delay}, drains running calls and stops. Returns when closed.
     */
    Instant stop();

    /**
     * Expires the instance's ZooKeeper session as a long pause would: the server ends it and deletes its
     * nodes; the instance registers again when its client reconnects. Returns when the server ended it.
     */
    Instant expireSession();

    /** Whether it is still running (neither killed nor stopped). */
    boolean running();

    /** Waits until the test application's client lists this instance for every service it exports. */
    void awaitListed();

    /** Waits until the test application's client lists this instance for none of its services. */
    void awaitGone();

    /**
     * Waits until ZooKeeper itself holds this instance's registration of every service it exports (read by a
     * client of the kit's own). It does not tell which session holds it: after {@link #expireSession()}, wait
     * with {@link #awaitListed()} or a condition of your own for the return.
     */
    void awaitRegistered();
}
