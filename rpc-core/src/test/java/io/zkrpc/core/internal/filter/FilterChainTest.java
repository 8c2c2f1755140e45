package io.zkrpc.core.internal.filter;

import static io.zkrpc.core.testsupport.TestInvocations.invocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.filter.Filter;
import io.zkrpc.core.filter.Invocation;

class FilterChainTest {

    interface Greeter {
        String greet(String name);

        String farewell(String name);
    }

    private final List<String> events = new ArrayList<>();

    @Test
    void runsFiltersInOrderAroundTheInvoker() throws Exception {
        FilterChain chain = new FilterChain(List.of(recording("outer"), recording("inner")), invocation -> {
            events.add("invoker");
            return "hello " + invocation.arguments()[0];
        });

        Object result = chain.proceed(invocation(Greeter.class, "greet(java.lang.String)", "ann"));

        assertThat(result).isEqualTo("hello ann");
        assertThat(events).containsExactly("outer:before", "inner:before", "invoker", "inner:after", "outer:after");
    }

    @Test
    void passesTheInvocationAFilterProceedsWithToTheNextLink() throws Exception {
        Filter tagging = chain -> chain.proceed(chain.invocation().withAttachment("trace", "t-1"));
        FilterChain chain = new FilterChain(List.of(tagging), invocation -> invocation.attachment("trace"));

        Object result = chain.proceed(invocation(Greeter.class, "greet(java.lang.String)", "ann"));

        assertThat(result).isEqualTo("t-1");
    }

    @Test
    void filterThatDoesNotProceedShortCircuitsTheRest() throws Exception {
        Filter cached = chain -> {
            events.add("cache");
            return "cached";
        };
        FilterChain chain = new FilterChain(List.of(cached, recording("after-cache")), invocation -> {
            events.add("invoker");
            return "fresh";
        });

        Object result = chain.proceed(invocation(Greeter.class, "greet(java.lang.String)", "ann"));

        assertThat(result).isEqualTo("cached");
        assertThat(events).containsExactly("cache");
    }

    @Test
    void proceedingWithAnotherMethodFailsNamingTheFilter() {
        Invocation farewell = invocation(Greeter.class, "farewell(java.lang.String)", "ann");
        FilterChain chain = new FilterChain(List.of(new Redirecting(farewell)), invocation -> {
            events.add("invoker");
            return "unreachable";
        });

        assertThatThrownBy(() -> chain.proceed(invocation(Greeter.class, "greet(java.lang.String)", "ann")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Redirecting.class.getName());
        assertThat(events).isEmpty();
    }

    private Filter recording(String name) {
        return chain -> {
            events.add(name + ":before");
            Object result = chain.proceed(chain.invocation());
            events.add(name + ":after");
            return result;
        };
    }

    /** A filter breaking the chain's contract: it sends the call to another method. */
    static final class Redirecting implements Filter {

        private final Invocation target;

        Redirecting(Invocation target) {
            this.target = target;
        }

        @Override
        public Object intercept(Chain chain) throws Exception {
            return chain.proceed(target);
        }
    }
}
