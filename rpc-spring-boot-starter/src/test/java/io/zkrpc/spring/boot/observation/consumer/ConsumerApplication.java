package io.zkrpc.spring.boot.observation.consumer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.spring.boot.observation.api.AbsentService;
import io.zkrpc.spring.boot.observation.api.GreetingService;

/** The consumer: calls provider A, and a service nobody provides. */
@SpringBootApplication
public class ConsumerApplication {

    @Component
    public static class Callers {

        @RpcReference
        private GreetingService greetings;

        @RpcReference
        private AbsentService absent;

        public GreetingService greetings() {
            return greetings;
        }

        public AbsentService absent() {
            return absent;
        }
    }
}
