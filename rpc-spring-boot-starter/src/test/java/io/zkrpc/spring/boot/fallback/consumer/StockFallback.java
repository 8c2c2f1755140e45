package io.zkrpc.spring.boot.fallback.consumer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import io.zkrpc.spring.boot.fallback.api.StockService;

/** The fallback bean: answers {@code fallback:<symbol>} and counts its answers. */
@Component
public class StockFallback implements StockService {

    private final AtomicInteger answers = new AtomicInteger();

    public int answers() {
        return answers.get();
    }

    @Override
    public String price(String symbol) {
        answers.incrementAndGet();
        return "fallback:" + symbol;
    }

    @Override
    public CompletableFuture<String> priceLater(String symbol) {
        return CompletableFuture.completedFuture(price(symbol));
    }

    @Override
    public String strict(String symbol) {
        return price(symbol);
    }
}
