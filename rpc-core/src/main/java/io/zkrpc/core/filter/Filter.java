package io.zkrpc.core.filter;

/**
 * Intercepts calls, on the consumer side before an instance is chosen, or on the provider side
 * before the service bean runs. In the shape of OkHttp's {@code Interceptor}: a filter may look at
 * or replace the invocation, call {@link Chain#proceed} (zero, one or several times), and look at
 * or replace the result.
 */
@FunctionalInterface
public interface Filter {

    /**
     * Handles one call: usually does its own work around {@code chain.proceed(...)}, but may also
     * answer without proceeding (cache, mock) or proceed again (retry). Returns the call's result.
     */
    Object intercept(Chain chain) throws Exception;

    /** The rest of the chain, from the point of view of one filter. */
    interface Chain {

        /** The invocation as it reached this filter. */
        Invocation invocation();

        /**
         * Passes {@code invocation} to the next filter, or to the invoker after the last one.
         * The invocation must keep the service and method of the one received.
         */
        Object proceed(Invocation invocation) throws Exception;
    }
}
