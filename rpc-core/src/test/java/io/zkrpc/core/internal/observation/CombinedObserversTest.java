package io.zkrpc.core.internal.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.TestInvocations;

/** Observers combined: one that throws does not keep the others from being stopped or closed. */
class CombinedObserversTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Invocation invocation = TestInvocations.invocation(Probe.class, "read()");

    /** Records what happens to its calls; throws from the step named {@code breaking}, if any. */
    private ClientCallObserver observer(String name, String breaking) {
        return started -> {
            if ("start".equals(breaking)) {
                throw new IllegalStateException(name + " cannot start");
            }
            return new ClientCallObserver.ClientCall() {
                @Override
                public Invocation invocation() {
                    return started;
                }

                @Override
                public void attempt(Instance instance) {
                }

                @Override
                public void answered(Instance instance) {
                }

                @Override
                public Scope openScope() {
                    if ("openScope".equals(breaking)) {
                        throw new IllegalStateException(name + " cannot open");
                    }
                    events.add(name + " opened");
                    return () -> {
                        events.add(name + " closed");
                        if ("close".equals(breaking)) {
                            throw new IllegalStateException(name + " cannot close");
                        }
                    };
                }

                @Override
                public void stop(Throwable failure) {
                    events.add(name + " stopped" + (failure == null ? "" : " with " + failure.getMessage()));
                    if ("stop".equals(breaking)) {
                        throw new IllegalStateException(name + " cannot stop");
                    }
                }
            };
        };
    }

    @Test
    void anObserverWhoseStopThrowsDoesNotKeepTheOthersFromStopping() {
        ClientCallObserver.ClientCall call = ClientCallObserver.combine(List.of(observer("a", null), observer("b", "stop"))).start(invocation);

        assertThatThrownBy(() -> call.stop(null)).hasMessage("b cannot stop");

        assertThat(events).containsExactly("b stopped", "a stopped");
    }

    @Test
    void anObserverWhoseScopeCannotOpenClosesTheScopesAlreadyOpen() {
        ClientCallObserver.ClientCall call = ClientCallObserver.combine(List.of(observer("a", null), observer("b", "openScope"))).start(invocation);

        assertThatThrownBy(call::openScope).hasMessage("b cannot open");

        assertThat(events).containsExactly("a opened", "a closed");
    }

    @Test
    void aScopeThatCannotCloseDoesNotKeepTheOthersOpen() {
        ClientCallObserver.ClientCall call = ClientCallObserver.combine(List.of(observer("a", null), observer("b", "close"))).start(invocation);
        Scope scope = call.openScope();

        assertThatThrownBy(scope::close).hasMessage("b cannot close");

        assertThat(events).containsExactly("a opened", "b opened", "b closed", "a closed");
    }

    @Test
    void anObserverThatCannotStartStopsThoseAlreadyStarted() {
        ClientCallObserver combined = ClientCallObserver.combine(List.of(observer("a", null), observer("b", "start")));

        assertThatThrownBy(() -> combined.start(invocation)).hasMessage("b cannot start");

        assertThat(events).containsExactly("a stopped with b cannot start");
    }
}
