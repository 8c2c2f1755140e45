package io.zkrpc.core.internal.filter;

import java.util.List;
import java.util.Objects;

import io.zkrpc.core.filter.Filter;
import io.zkrpc.core.filter.Invocation;

/**
 * An immutable list of filters in front of an invoker. Each call walks it through a small
 * indexed {@link Filter.Chain}, which checks that no filter redirects the call to another method.
 */
public final class FilterChain {

    private final Filter[] filters;
    private final Invoker invoker;

    public FilterChain(List<? extends Filter> filters, Invoker invoker) {
        this.filters = filters.toArray(new Filter[0]);
        this.invoker = Objects.requireNonNull(invoker, "invoker");
    }

    /** Runs {@code invocation} through every filter and the invoker. */
    public Object proceed(Invocation invocation) throws Exception {
        if (filters.length == 0) {
            // No filter can redirect the call: straight to the invoker, without a link per call.
            return invoker.invoke(invocation);
        }
        return new Link(0, invocation).proceed(invocation);
    }

    private final class Link implements Filter.Chain {

        private final int index;
        private final Invocation invocation;

        Link(int index, Invocation invocation) {
            this.index = index;
            this.invocation = invocation;
        }

        @Override
        public Invocation invocation() {
            return invocation;
        }

        @Override
        public Object proceed(Invocation next) throws Exception {
            if (next == null || next.service() != invocation.service() && !next.service().equals(invocation.service())
                    || next.method() != invocation.method()) {
                throw new IllegalStateException("Filter " + (index == 0 ? "chain caller" : filters[index - 1].getClass().getName())
                        + " must proceed with the same service and method as " + invocation + ", not " + next);
            }
            if (index == filters.length) {
                return invoker.invoke(next);
            }
            return filters[index].intercept(new Link(index + 1, next));
        }
    }
}
