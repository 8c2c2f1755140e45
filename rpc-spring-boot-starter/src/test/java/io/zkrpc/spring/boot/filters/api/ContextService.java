package io.zkrpc.spring.boot.filters.api;

public interface ContextService {

    /** The attachment {@code name} as the provider's {@code RpcContext} sees it. */
    String attachment(String name);

    String greet(String who);

    /** The attachment {@code name} as the provider's own call of {@link #attachment} carries it. */
    String relay(String name);
}
