package io.zkrpc.core.internal.observation;

import java.util.List;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/**
 * What watches the calls of a client (Micrometer observations, the access log), one logical call
 * at a time, retries included. A client with none has {@code null} and allocates nothing per call.
 */
@FunctionalInterface
public interface ClientCallObserver {

    /** Starts watching a call, on the caller's thread, before its first attempt. */
    ClientCall start(Invocation invocation);

    /** One watched call. */
    interface ClientCall {

        /** The invocation to send: the one started with, with what the watch attaches (such as the trace context). */
        Invocation invocation();

        /** An attempt of the call goes to {@code instance}; on any thread. */
        void attempt(Instance instance);

        /** {@code instance} answered an attempt (the first answer is the call's, with forks); on any thread. */
        void answered(Instance instance);

        /** Makes the call current on this thread, for the attempts sent from it. */
        Scope openScope();

        /** The call ended, with {@code failure} or {@code null} for success; once, on any thread. */
        void stop(Throwable failure);
    }

    /** {@code observers} as one, or {@code null} when there is none. */
    static ClientCallObserver combine(List<ClientCallObserver> observers) {
        return switch (observers.size()) {
            case 0 -> null;
            case 1 -> observers.get(0);
            default -> new CombinedObservers.Client(List.copyOf(observers));
        };
    }
}
