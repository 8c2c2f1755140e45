package io.zkrpc.core.internal.filter;

import io.zkrpc.core.filter.Invocation;

/** The last link of a filter chain: does the actual work for an invocation. */
@FunctionalInterface
public interface Invoker {

    /** Performs {@code invocation} and returns its result, or throws its failure. */
    Object invoke(Invocation invocation) throws Exception;
}
