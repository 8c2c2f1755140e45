package io.zkrpc.core.internal.observation;

import java.util.List;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/**
 * Several observers as one: started in order (each sees what the earlier ones attached), scopes
 * closed and calls stopped in reverse. One that throws does not keep the others from being
 * stopped or closed: the first failure is rethrown once every one had its turn.
 */
final class CombinedObservers {

    private CombinedObservers() {
    }

    record Client(List<ClientCallObserver> observers) implements ClientCallObserver {

        @Override
        public ClientCall start(Invocation invocation) {
            ClientCall[] calls = new ClientCall[observers.size()];
            Invocation current = invocation;
            for (int i = 0; i < calls.length; i++) {
                try {
                    calls[i] = observers.get(i).start(current);
                    current = calls[i].invocation();
                } catch (RuntimeException | Error e) {
                    // Those started must end: a call that never runs failed with this.
                    stopInReverse(i, index -> calls[index].stop(e), e);
                    throw e;
                }
            }
            Invocation sent = current;
            return new ClientCall() {
                @Override
                public Invocation invocation() {
                    return sent;
                }

                @Override
                public void attempt(Instance instance) {
                    forEach(calls.length, index -> calls[index].attempt(instance));
                }

                @Override
                public void answered(Instance instance) {
                    forEach(calls.length, index -> calls[index].answered(instance));
                }

                @Override
                public Scope openScope() {
                    return openAll(calls.length, index -> calls[index].openScope());
                }

                @Override
                public void stop(Throwable failure) {
                    stopInReverse(calls.length, index -> calls[index].stop(failure), null);
                }
            };
        }
    }

    record Server(List<ServerCallObserver> observers) implements ServerCallObserver {

        @Override
        public ServerCall start(Invocation invocation, String caller) {
            ServerCall[] calls = new ServerCall[observers.size()];
            for (int i = 0; i < calls.length; i++) {
                try {
                    calls[i] = observers.get(i).start(invocation, caller);
                } catch (RuntimeException | Error e) {
                    stopInReverse(i, index -> calls[index].stop(e), e);
                    throw e;
                }
            }
            return new ServerCall() {
                @Override
                public Scope openScope() {
                    return openAll(calls.length, index -> calls[index].openScope());
                }

                @Override
                public void stop(Throwable failure) {
                    stopInReverse(calls.length, index -> calls[index].stop(failure), null);
                }
            };
        }

        @Override
        public void rejected(RpcErrorCode code, String caller) {
            forEach(observers.size(), index -> observers.get(index).rejected(code, caller));
        }
    }

    /** What to do with the element at an index. */
    @FunctionalInterface
    private interface Step {
        void run(int index);
    }

    /** Runs {@code step} for indices 0 to {@code count - 1}, each even when an earlier one threw; then rethrows the first failure. */
    private static void forEach(int count, Step step) {
        Throwable first = null;
        for (int i = 0; i < count; i++) {
            first = attempt(step, i, first);
        }
        rethrow(first);
    }

    /** Runs {@code step} for indices {@code count - 1} down to 0, each even when a later one threw; then rethrows the first failure, unless it is {@code pending}'s. */
    private static void stopInReverse(int count, Step step, Throwable pending) {
        Throwable first = pending;
        for (int i = count - 1; i >= 0; i--) {
            first = attempt(step, i, first);
        }
        if (first != pending) {
            rethrow(first);
        }
    }

    /** Opens a scope per index in order; when one throws, those already open are closed before the failure goes on. */
    private static Scope openAll(int count, java.util.function.IntFunction<Scope> open) {
        Scope[] scopes = new Scope[count];
        for (int i = 0; i < count; i++) {
            try {
                scopes[i] = open.apply(i);
            } catch (RuntimeException | Error e) {
                stopInReverse(i, index -> scopes[index].close(), e);
                throw e;
            }
        }
        return () -> stopInReverse(count, index -> scopes[index].close(), null);
    }

    private static Throwable attempt(Step step, int index, Throwable first) {
        try {
            step.run(index);
            return first;
        } catch (RuntimeException | Error e) {
            if (first == null) {
                return e;
            }
            if (first != e) {
                first.addSuppressed(e);
            }
            return first;
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }
}
