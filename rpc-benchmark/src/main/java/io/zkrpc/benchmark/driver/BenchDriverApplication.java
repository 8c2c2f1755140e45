package io.zkrpc.benchmark.driver;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The benchmark's consumer: no web server, a {@code @RpcReference} to the provider's
 * {@code BenchService} and the floor's hand-written client, driving load through both and printing
 * the report on standard output. Exits when done: 0, 1 when calls failed, 2 when it could not run.
 */
@SpringBootApplication
@EnableConfigurationProperties(BenchProperties.class)
public class BenchDriverApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BenchDriverApplication.class);
        application.setDefaultProperties(Map.of(
                "spring.application.name", "bench-driver",
                "spring.main.banner-mode", "off",
                "spring.main.web-application-type", "none",
                // room for a GC pause on two busy cores; the floor gets the same timeout
                "zkrpc.consumer.timeout", "10s"));
        int exitCode;
        try (ConfigurableApplicationContext context = application.run(args)) {
            exitCode = context.getBean(BenchDriver.class).run();
        } catch (Exception e) {
            e.printStackTrace();
            exitCode = 2;
        }
        System.exit(exitCode);
    }
}
