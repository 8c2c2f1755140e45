package io.zkrpc.demo.consumer;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Calls the demo services six times at start-up, then on {@code GET /calls?count=N}. */
@SpringBootApplication
public class DemoConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoConsumerApplication.class, args);
    }

    @Bean
    ApplicationRunner startupCalls(DemoCalls calls) {
        return args -> {
            calls.tour().forEach(System.out::println);
            calls.call(6).forEach(System.out::println);
        };
    }
}
