package io.zkrpc.benchmark.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.zkrpc.benchmark.api.BenchService;

/**
 * The benchmark's provider: exports {@code BenchService} through zkrpc and serves the same service
 * through the hand-written floors ({@link FloorServlet}, the floor of {@code RATIO}, and the MVC floor
 * {@link FloorController}) on the same Tomcat, so that the targets differ only by the framework. Listens on 127.0.0.1 on a free port, which it writes to
 * {@code bench.port-file} once ready. With {@code bench.observed=true}, the calls of {@code ObservedBenchService}
 * are observed ({@link ProviderObservations}).
 */
@SpringBootApplication
public class BenchProviderApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with the benchmark's defaults, which arguments override. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(BenchProviderApplication.class);
        application.setDefaultProperties(Map.of(
                "spring.application.name", "bench-provider",
                "spring.main.banner-mode", "off",
                "server.address", "127.0.0.1",
                "server.port", "0",
                "zkrpc.provider.host", "127.0.0.1"));
        return application;
    }

    /**
     * The servlet floor, {@code /floor-servlet/{method}}, beside the controller's {@code /floor/{method}}: registered as
     * the starter registers zkrpc's endpoint, so that both are reached the same way.
     */
    @Bean
    ServletRegistrationBean<FloorServlet> floorServlet(BenchServiceImpl service) {
        ServletRegistrationBean<FloorServlet> registration = new ServletRegistrationBean<>(new FloorServlet(service), "/floor-servlet/*");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> portFileWriter(Environment environment) {
        return event -> {
            String file = environment.getProperty("bench.port-file");
            if (file != null) {
                try {
                    Files.writeString(Path.of(file), environment.getRequiredProperty("local.server.port") + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot write the port file " + file, e);
                }
            }
        };
    }
}
