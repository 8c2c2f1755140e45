package io.zkrpc.spring.boot.fallback.api;

import java.util.concurrent.CompletableFuture;

public interface StockService {

    /** The price of {@code symbol}, with the provider's execution count so that answers differ. */
    String price(String symbol);

    /** {@link #price}, as a future. */
    CompletableFuture<String> priceLater(String symbol);

    /** Fails with the service's own {@link StockException} for the symbol {@code none}. */
    String strict(String symbol);
}
