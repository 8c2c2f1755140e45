package io.zkrpc.core.internal.observation;

import java.util.List;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.filter.Invocation;

/**
 * What watches the calls a provider serves (Micrometer observations, the access log): those that
 * reach a method of an exported service. A dispatcher with none has {@code null} and allocates
 * nothing per call.
 */
@FunctionalInterface
public interface ServerCallObserver {

    /**
     * Starts watching a call, on the thread that will run the service bean.
     *
     * @param caller the caller's address, or {@code null} when unknown
     */
    ServerCall start(Invocation invocation, String caller);

    /**
     * A request refused before it reached a method (see {@link io.zkrpc.core.provider.RpcServerListener}):
     * no call is started for it. Nothing the caller sent is given, only what the provider answered.
     *
     * @param caller the caller's address, or {@code null} when unknown
     */
    default void rejected(RpcErrorCode code, String caller) {
    }

    /** One watched call. */
    interface ServerCall {

        /** Makes the call current on this thread while the bean runs, so that its logs and its own calls belong to it. */
        Scope openScope();

        /** The call ended, with {@code failure} or {@code null} for success; once, on any thread. */
        void stop(Throwable failure);
    }

    /** {@code observers} as one, or {@code null} when there is none. */
    static ServerCallObserver combine(List<ServerCallObserver> observers) {
        return switch (observers.size()) {
            case 0 -> null;
            case 1 -> observers.get(0);
            default -> new CombinedObservers.Server(List.copyOf(observers));
        };
    }
}
