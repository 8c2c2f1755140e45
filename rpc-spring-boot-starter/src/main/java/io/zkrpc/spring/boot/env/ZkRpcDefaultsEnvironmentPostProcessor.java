package io.zkrpc.spring.boot.env;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds defaults, at the lowest precedence so that any setting of the application wins:
 * <ul>
 * <li>servers that carry RPC traffic never close a keep-alive connection after a number of
 * requests (Tomcat's own default closes one every 100 requests, which costs consumers a new
 * connection each time);</li>
 * <li>ZooKeeper's and Curator's clients keep quiet below WARN, and their loggers that print a
 * stack trace for every failed connection attempt during an outage are off: the registry reports
 * each connection change itself, in one line. An application's own {@code logging.level.*} for
 * such a logger, or for one of its parents below the root, wins over the default.</li>
 * </ul>
 */
public class ZkRpcDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "zkrpcDefaults";
    private static final String LEVEL = "logging.level.";

    private static final Map<String, String> SERVER_DEFAULTS = Map.of("server.tomcat.max-keep-alive-requests", "-1");

    /** Logger name to level, most general first. */
    private static final Map<String, String> LOG_LEVELS = logLevels();

    private static Map<String, String> logLevels() {
        Map<String, String> levels = new LinkedHashMap<>();
        // About 20 "Client environment:" lines at each start, and each connection step at INFO.
        levels.put("org.apache.zookeeper", "WARN");
        // A stack trace for every failed reconnection attempt, about one a second during an outage.
        levels.put("org.apache.zookeeper.ClientCnxn", "ERROR");
        // "Unable to resolve address" with a stack trace, every second, for a host that does not resolve.
        levels.put("org.apache.zookeeper.client.StaticHostProvider", "OFF"); // logged at ERROR; the registry names an unresolved host itself
        // The embedded server's "maxCnxns is not configured, using default value 0." at every start.
        levels.put("org.apache.zookeeper.server.ServerCnxnFactory", "ERROR");
        levels.put("org.apache.curator", "WARN");
        // "Connection timed out for connection string ..." with a stack trace at every attempt.
        levels.put("org.apache.curator.ConnectionState", "OFF");
        // "Background operation retry gave up" with a stack trace for every operation an outage interrupts.
        levels.put("org.apache.curator.framework.imps.CuratorFrameworkImpl", "OFF");
        return levels;
    }

    /** Adds only the defaults the environment does not set yet, and only once, however often it runs. */
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        Map<String, Object> missing = new LinkedHashMap<>();
        SERVER_DEFAULTS.forEach((key, value) -> {
            if (!environment.containsProperty(key)) {
                missing.put(key, value);
            }
        });
        LOG_LEVELS.forEach((logger, level) -> {
            if (!levelSetFor(environment, logger)) {
                missing.put(LEVEL + logger, level);
            }
        });
        if (!missing.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, missing));
        }
    }

    /** Whether the application sets the level of {@code logger} or of one of its parents (the root aside). */
    private static boolean levelSetFor(ConfigurableEnvironment environment, String logger) {
        for (String name = logger; !name.isEmpty(); name = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "") {
            if (environment.containsProperty(LEVEL + name)) {
                return true;
            }
        }
        return false;
    }

    /** After the application's configuration is loaded, so that what it sets is seen and kept. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
