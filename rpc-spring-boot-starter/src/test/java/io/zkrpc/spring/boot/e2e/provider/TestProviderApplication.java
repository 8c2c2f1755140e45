package io.zkrpc.spring.boot.e2e.provider;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.zkrpc.spring.boot.e2e.api.ClockService;

/** A provider exporting three services: by scanning alone, with {@code @Component} too, and from a {@code @Bean} method. */
@SpringBootApplication
public class TestProviderApplication {

    /** Declared as the interface: the scanned {@link ClockServiceImpl} must not become a second bean. */
    @Bean
    ClockService clockService() {
        return new ClockServiceImpl();
    }

    /** Fails the start after the web server listens, when {@code test.fail-after-start=true}. */
    @Bean
    ApplicationRunner failingRunner(Environment environment) {
        return args -> {
            if (environment.getProperty("test.fail-after-start", Boolean.class, false)) {
                throw new IllegalStateException("start-up failed on purpose");
            }
        };
    }
}
