package io.zkrpc.spring.boot.env;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds defaults, at the lowest precedence so that any setting of the application wins, for
 * servers that carry RPC traffic: keep-alive connections are never closed after a number of
 * requests (Tomcat's own default closes one every 100 requests, which costs consumers a new
 * connection each time), and ZooKeeper's client does not log a stack trace for every failed
 * reconnection attempt during an outage.
 */
public class ZkRpcDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "zkrpcDefaults";
    private static final Map<String, Object> DEFAULTS = Map.of(
            "server.tomcat.max-keep-alive-requests", "-1",
            // ZooKeeper's client logs every failed reconnection attempt with a stack trace; the
            // registry logs each connection change once, so these only bury the rest of the log.
            "logging.level.org.apache.zookeeper.ClientCnxn", "ERROR");

    /** Adds only the defaults the environment does not set yet, and only once, however often it runs. */
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> missing = new HashMap<>();
        DEFAULTS.forEach((key, value) -> {
            if (!environment.containsProperty(key)) {
                missing.put(key, value);
            }
        });
        if (!missing.isEmpty() && !environment.getPropertySources().contains(SOURCE_NAME)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, missing));
        }
    }

    /** After the application's configuration is loaded, so that what it sets is seen and kept. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
