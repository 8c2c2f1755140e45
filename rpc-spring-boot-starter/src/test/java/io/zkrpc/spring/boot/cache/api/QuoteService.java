package io.zkrpc.spring.boot.cache.api;

import io.zkrpc.core.annotation.RpcMethod;

public interface QuoteService {

    /** Cached through properties only. */
    String quote(String symbol);

    /** Cached by its annotation. */
    @RpcMethod(cacheTtl = "1m")
    String annotated(String symbol);

    /** Fails for the symbol {@code fail}; cached through properties. */
    String risky(String symbol);
}
