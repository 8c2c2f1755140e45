package io.zkrpc.spring.boot.cache.consumer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.spring.boot.cache.api.QuoteService;

@SpringBootApplication
public class QuoteConsumerApplication {

    @Component
    public static class Caller {

        @RpcReference
        private QuoteService quotes;

        public QuoteService quotes() {
            return quotes;
        }
    }
}
