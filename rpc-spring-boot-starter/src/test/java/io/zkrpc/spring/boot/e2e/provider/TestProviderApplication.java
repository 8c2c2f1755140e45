package io.zkrpc.spring.boot.e2e.provider;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** A provider exporting three services: by scanning alone, with {@code @Component} too, and from a {@code @Bean} method. */
@SpringBootApplication
public class TestProviderApplication {

    @Bean
    ClockServiceImpl clockService() {
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
