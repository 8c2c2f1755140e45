package io.zkrpc.core.internal.observation;

import java.util.List;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/** Several observers as one: started in order (each sees what the earlier ones attached), scopes closed in reverse. */
final class CombinedObservers {

    private CombinedObservers() {
    }

    record Client(List<ClientCallObserver> observers) implements ClientCallObserver {

        @Override
        public ClientCall start(Invocation invocation) {
            ClientCall[] calls = new ClientCall[observers.size()];
            Invocation current = invocation;
            for (int i = 0; i < calls.length; i++) {
                calls[i] = observers.get(i).start(current);
                current = calls[i].invocation();
            }
            Invocation sent = current;
            return new ClientCall() {
                @Override
                public Invocation invocation() {
                    return sent;
                }

                @Override
                public void attempt(Instance instance) {
                    for (ClientCall call : calls) {
                        call.attempt(instance);
                    }
                }

                @Override
                public Scope openScope() {
                    Scope[] scopes = new Scope[calls.length];
                    for (int i = 0; i < calls.length; i++) {
                        scopes[i] = calls[i].openScope();
                    }
                    return () -> closeInReverse(scopes);
                }

                @Override
                public void stop(Throwable failure) {
                    for (int i = calls.length - 1; i >= 0; i--) {
                        calls[i].stop(failure);
                    }
                }
            };
        }
    }

    record Server(List<ServerCallObserver> observers) implements ServerCallObserver {

        @Override
        public ServerCall start(Invocation invocation, String caller) {
            ServerCall[] calls = new ServerCall[observers.size()];
            for (int i = 0; i < calls.length; i++) {
                calls[i] = observers.get(i).start(invocation, caller);
            }
            return new ServerCall() {
                @Override
                public Scope openScope() {
                    Scope[] scopes = new Scope[calls.length];
                    for (int i = 0; i < calls.length; i++) {
                        scopes[i] = calls[i].openScope();
                    }
                    return () -> closeInReverse(scopes);
                }

                @Override
                public void stop(Throwable failure) {
                    for (int i = calls.length - 1; i >= 0; i--) {
                        calls[i].stop(failure);
                    }
                }
            };
        }
    }

    private static void closeInReverse(Scope[] scopes) {
        for (int i = scopes.length - 1; i >= 0; i--) {
            scopes[i].close();
        }
    }
}
