package io.zkrpc.spring.boot.observation.b;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Provider B: serves {@code NameService}. */
@SpringBootApplication
public class ProviderBApplication {
}
