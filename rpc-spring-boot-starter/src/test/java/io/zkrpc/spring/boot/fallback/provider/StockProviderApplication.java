package io.zkrpc.spring.boot.fallback.provider;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.spring.boot.fallback.api.StockException;
import io.zkrpc.spring.boot.fallback.api.StockService;

/** A provider of {@link StockService} whose answers carry a count, so that a repeated answer shows it is a kept one. */
@SpringBootApplication
public class StockProviderApplication {

    static final AtomicInteger EXECUTIONS = new AtomicInteger();

    @RpcService
    public static class StockServiceImpl implements StockService {

        @Override
        public String price(String symbol) {
            return symbol + "@" + EXECUTIONS.incrementAndGet();
        }

        @Override
        public CompletableFuture<String> priceLater(String symbol) {
            return CompletableFuture.completedFuture(price(symbol));
        }

        @Override
        public String strict(String symbol) {
            if (symbol.equals("none")) {
                throw new StockException("no stock " + symbol);
            }
            return price(symbol);
        }
    }
}
