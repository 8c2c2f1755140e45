package io.zkrpc.spring.boot.env;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** The defaults quiet ZooKeeper's and Curator's logs, and the application's own levels win. */
class ZkRpcDefaultsEnvironmentPostProcessorTests {

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE).properties(properties).run();
    }

    @Test
    void zooKeeperAndCuratorKeepQuietByDefault() {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(LoggerFactory.getLogger("org.apache.zookeeper.ZooKeeper").isInfoEnabled()).as("Client environment: lines").isFalse();
            assertThat(LoggerFactory.getLogger("org.apache.zookeeper.ClientCnxn").isWarnEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("org.apache.zookeeper.client.StaticHostProvider").isWarnEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("org.apache.curator.framework.imps.CuratorFrameworkImpl").isErrorEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("org.apache.curator.ConnectionState").isErrorEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("org.apache.curator.framework.state.ConnectionStateManager").isInfoEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("io.zkrpc.registry.zk.ZkRegistryCenter").isInfoEnabled()).as("zkrpc's own lines").isTrue();
            assertThat(context.getEnvironment().getProperty("server.tomcat.max-keep-alive-requests")).isEqualTo("-1");
        }
    }

    @Test
    void theApplicationsOwnLevelWinsAlsoWhenSetOnAParent() {
        try (ConfigurableApplicationContext context = start("logging.level.org.apache.zookeeper=INFO",
                "logging.level.org.apache.curator.framework=DEBUG")) {
            assertThat(LoggerFactory.getLogger("org.apache.zookeeper.ZooKeeper").isInfoEnabled()).isTrue();
            assertThat(LoggerFactory.getLogger("org.apache.zookeeper.ClientCnxn").isInfoEnabled()).isTrue();
            assertThat(LoggerFactory.getLogger("org.apache.curator.framework.imps.CuratorFrameworkImpl").isDebugEnabled()).isTrue();
            assertThat(LoggerFactory.getLogger("org.apache.curator.ConnectionState").isErrorEnabled())
                    .as("a default the application leaves alone stays").isFalse();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }
}
