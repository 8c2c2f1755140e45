package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.registry.zk.EmbeddedZooKeeper;
import io.zkrpc.registry.zk.ZkRegistryCenter;
import io.zkrpc.spring.boot.registry.CuratorFrameworkCustomizer;

/** The registry auto-configuration, judged by the Curator client it builds. */
class ZkRegistryAutoConfigurationTests {

    private static TestingServer zookeeper;

    @TempDir
    Path snapshots;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zookeeper = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zookeeper.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZkRegistryAutoConfiguration.class))
                .withPropertyValues("zkrpc.registry.address=" + zookeeper.getConnectString(),
                        "zkrpc.registry.snapshot-file=" + snapshots.resolve("snapshot.json"));
    }

    private static CuratorFramework curatorOf(org.springframework.context.ApplicationContext context) {
        return ((ZkRegistryCenter) context.getBean(RegistryCenter.class)).client();
    }

    @Test
    void theRegistryPropertiesReachTheCuratorClient() {
        runner().withPropertyValues("zkrpc.registry.namespace=apps", "zkrpc.registry.session-timeout=7s",
                        "zkrpc.registry.connection-timeout=3s", "zkrpc.registry.retry-base-sleep=50ms", "zkrpc.registry.max-retries=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CuratorFramework curator = curatorOf(context);
                    assertThat(curator.getNamespace()).isEqualTo("apps");
                    assertThat(curator.getZookeeperClient().getCurrentConnectionString()).isEqualTo(zookeeper.getConnectString());
                    assertThat(curator.getZookeeperClient().getConnectionTimeoutMs()).isEqualTo(3_000);
                    // negotiated with the server, which allows 2 to 20 ticks (of 3 s here)
                    assertThat(curator.getZookeeperClient().getZooKeeper().getSessionTimeout()).isEqualTo(7_000);
                    assertThat(curator.getZookeeperClient().getRetryPolicy()).isInstanceOfSatisfying(ExponentialBackoffRetry.class,
                            retry -> {
                                assertThat(retry.getBaseSleepTimeMs()).isEqualTo(50);
                                assertThat(retry.getN()).isEqualTo(2);
                            });
                });
    }

    @Test
    void clientPropertiesReachTheZooKeeperClientWithTheirKeysUnchanged() {
        runner().withPropertyValues("zkrpc.registry.client-properties.zookeeper.request.timeout=4321",
                        "zkrpc.registry.client-properties.zookeeper.ssl.keyStore.location=/etc/zkrpc/client.p12")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ZKClientConfig config = curatorOf(context).getZookeeperClient().getZooKeeper().getClientConfig();
                    assertThat(config.getProperty("zookeeper.request.timeout")).isEqualTo("4321");
                    assertThat(config.getProperty("zookeeper.ssl.keyStore.location")).isEqualTo("/etc/zkrpc/client.p12");
                });
    }

    @Test
    void credentialsPutTheirAclOnTheNodesTheRegistryCreates() {
        runner().withPropertyValues("zkrpc.registry.namespace=secured", "zkrpc.registry.auth.username=zkrpc",
                        "zkrpc.registry.auth.password=s3cret")
                .run(context -> {
                    CuratorFramework curator = curatorOf(context);
                    curator.create().forPath("/probe");
                    assertThat(curator.getACL().forPath("/probe")).extracting(ACL::getPerms, acl -> acl.getId().getScheme())
                            .containsExactlyInAnyOrder(tuple(ZooDefs.Perms.ALL, "digest"),
                                    tuple(ZooDefs.Perms.READ, "world"));
                    assertThat(curator.usingNamespace(null).getACL().forPath("/secured")).hasSize(2);
                });
        runner().withPropertyValues("zkrpc.registry.namespace=private", "zkrpc.registry.auth.username=zkrpc",
                        "zkrpc.registry.auth.password=s3cret", "zkrpc.registry.auth.world-readable=false")
                .run(context -> {
                    CuratorFramework curator = curatorOf(context);
                    curator.create().forPath("/probe");
                    assertThat(curator.getACL().forPath("/probe")).extracting(acl -> acl.getId().getScheme()).containsExactly("digest");
                });
    }

    @Test
    void customizersRunAfterThePropertiesInTheirOrder() {
        runner().withPropertyValues("zkrpc.registry.namespace=apps").withUserConfiguration(CuratorCustomizers.class)
                .run(context -> assertThat(curatorOf(context).getNamespace()).isEqualTo("apps-first-second"));
    }

    @Test
    void withoutTheZooKeeperRegistryOnTheClassPathItBacksOff() {
        runner().withPropertyValues("zkrpc.registry.embedded=true")
                .withClassLoader(new FilteredClassLoader(ZkRegistryCenter.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RegistryCenter.class)
                        .doesNotHaveBean(EmbeddedZooKeeper.class));
    }

    @Test
    void theEmbeddedZooKeeperStartsOnlyWhenAsked() {
        runner().run(context -> assertThat(context).hasNotFailed().hasSingleBean(RegistryCenter.class)
                .doesNotHaveBean(EmbeddedZooKeeper.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class CuratorCustomizers {

        @Bean
        @Order(2)
        CuratorFrameworkCustomizer secondCustomizer() {
            return builder -> builder.namespace(builder.getNamespace() + "-second");
        }

        @Bean
        @Order(1)
        CuratorFrameworkCustomizer firstCustomizer() {
            return builder -> builder.namespace(builder.getNamespace() + "-first");
        }
    }
}
