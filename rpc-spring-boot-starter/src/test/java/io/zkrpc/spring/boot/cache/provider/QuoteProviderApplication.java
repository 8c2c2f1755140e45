package io.zkrpc.spring.boot.cache.provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.spring.boot.cache.api.QuoteService;

/** A provider of {@link QuoteService} that counts its executions per method. */
@SpringBootApplication
public class QuoteProviderApplication {

    public static final Map<String, AtomicInteger> EXECUTIONS = new ConcurrentHashMap<>();

    public static int executions(String method) {
        AtomicInteger count = EXECUTIONS.get(method);
        return count == null ? 0 : count.get();
    }

    @RpcService
    public static class QuoteServiceImpl implements QuoteService {

        @Override
        public String quote(String symbol) {
            return symbol + "@" + EXECUTIONS.computeIfAbsent("quote", key -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public String annotated(String symbol) {
            return symbol + "@" + EXECUTIONS.computeIfAbsent("annotated", key -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public String risky(String symbol) {
            int count = EXECUTIONS.computeIfAbsent("risky", key -> new AtomicInteger()).incrementAndGet();
            if (symbol.equals("fail")) {
                throw new IllegalStateException("no quote for " + symbol);
            }
            return symbol + "@" + count;
        }
    }
}
