package io.zkrpc.spring.boot.observation.a;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Provider A: serves {@code GreetingService}, calling provider B. */
@SpringBootApplication
public class ProviderAApplication {
}
