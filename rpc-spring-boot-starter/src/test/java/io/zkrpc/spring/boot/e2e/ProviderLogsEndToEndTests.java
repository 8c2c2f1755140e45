package io.zkrpc.spring.boot.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zkrpc.core.internal.provider.ProviderLifecycle;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.spring.boot.e2e.api.CatalogService;
import io.zkrpc.spring.boot.e2e.provider.TestProviderApplication;
import io.zkrpc.spring.boot.provider.RpcProviderLifecycle;

/**
 * A provider's lifecycle lines, on a real ZooKeeper: registration, offline, online and every
 * shutdown step carry the service and the instance as structured key/values (SLF4J 2), beside
 * the unchanged message.
 */
class ProviderLogsEndToEndTests {

    private static final String CATALOG = ServiceKey.of(CatalogService.class, "", "default").toString();

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ProviderLifecycle.class);
    private EmbeddedZooKeeper zooKeeper;

    @BeforeEach
    void start() {
        lines.start();
        zooKeeper = EmbeddedZooKeeper.start("127.0.0.1", 0);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
        zooKeeper.close();
    }

    @Test
    void registrationOfflineOnlineAndShutdownStepsNameTheServiceAndTheInstance() {
        String address;
        try (ConfigurableApplicationContext provider = new SpringApplicationBuilder(TestProviderApplication.class).properties(
                "server.port=0", "server.address=127.0.0.1", "zkrpc.provider.host=127.0.0.1",
                "zkrpc.provider.unregister-delay=10ms", "zkrpc.registry.address=" + zooKeeper.connectString())
                // Boot sets logging up afresh as it starts: listen once it has, before the provider registers.
                .listeners((ApplicationListener<ApplicationPreparedEvent>) event -> logger.addAppender(lines)).run()) {
            address = "127.0.0.1:" + provider.getEnvironment().getRequiredProperty("local.server.port");
            RpcProviderLifecycle lifecycle = provider.getBean(RpcProviderLifecycle.class);
            lifecycle.offline();
            lifecycle.online();
        }

        assertThat(keyValues("Registered " + CATALOG + " at ")).containsEntry("service", CATALOG).containsEntry("instance", address);
        assertThat(keyValues("Taken offline: unregistered [")).containsEntry("instance", address)
                .hasEntrySatisfying("service", services -> assertThat(services).contains(CATALOG));
        assertThat(keyValues("Taken online: registered [")).containsEntry("instance", address)
                .hasEntrySatisfying("service", services -> assertThat(services).contains(CATALOG));
        assertThat(keyValues("Unregistered " + CATALOG + " at ")).containsEntry("service", CATALOG).containsEntry("instance", address);
        assertThat(keyValues("Waiting 10 ms for consumers")).containsEntry("instance", address);
        assertThat(keyValues("Provider drained")).containsEntry("instance", address);
    }

    /** The key/values of the one INFO line that starts with {@code message}. */
    private Map<String, String> keyValues(String message) {
        List<ILoggingEvent> matching = lines.list.stream()
                .filter(event -> event.getLevel() == ch.qos.logback.classic.Level.INFO && event.getFormattedMessage().startsWith(message))
                .toList();
        assertThat(matching).as("INFO lines starting with '%s'", message).hasSize(1);
        Map<String, String> values = new LinkedHashMap<>();
        List<KeyValuePair> pairs = matching.get(0).getKeyValuePairs();
        if (pairs != null) {
            pairs.forEach(pair -> values.put(pair.key, String.valueOf(pair.value)));
        }
        return values;
    }
}
