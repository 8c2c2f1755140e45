package io.zkrpc.spring.boot.fallback.consumer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.spring.boot.fallback.api.StockService;

@SpringBootApplication
public class StockConsumerApplication {

    @Component
    public static class Caller {

        @RpcReference(fallback = StockFallback.class)
        private StockService stocks;

        public StockService stocks() {
            return stocks;
        }
    }
}
