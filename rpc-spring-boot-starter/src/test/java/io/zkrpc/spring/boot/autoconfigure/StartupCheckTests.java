package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.registry.zk.ZkRegistryCenter;
import io.zkrpc.spring.boot.diagnostics.ZkRpcStartupException;

/** The {@code check} option and the warning for configured services that nothing references, against a real ZooKeeper. */
@ExtendWith(OutputCaptureExtension.class)
class StartupCheckTests {

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
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ZkRegistryAutoConfiguration.class, ZkRpcAutoConfiguration.class))
                .withPropertyValues("zkrpc.registry.address=" + zookeeper.getConnectString(),
                        "zkrpc.registry.snapshot-file=" + snapshots.resolve("snapshot.json"));
    }

    /** Registers an instance of {@code type} in the environment {@code environment} while the test runs. */
    private static ZkRegistryCenter provider(Class<?> type, String environment) {
        ZkRegistryCenter registry = ZkRegistryCenter.builder().connectString(zookeeper.getConnectString())
                .connectionTimeout(Duration.ofSeconds(5)).build();
        registry.start();
        registry.register(ServiceKey.of(type, "", environment), Instance.http("127.0.0.1", 9, "/zkrpc"));
        return registry;
    }

    @Test
    void aCheckedReferenceWithoutInstanceFailsTheStartNamingServiceEnvironmentAndWhatToDo() {
        runner().withPropertyValues("zkrpc.environment=staging").withUserConfiguration(CheckedUser.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ZkRpcStartupException.class)
                    .hasMessageStartingWith("No instance of " + Unprovided.class.getName() + " (environment 'staging', no version) is registered")
                    .hasMessageContaining("check is on");
            ZkRpcStartupException failure = (ZkRpcStartupException) NestedExceptionUtils.getRootCause(context.getStartupFailure());
            assertThat(failure.getAction()).contains("Start a provider of " + Unprovided.class.getName(), "zkrpc.environment=staging",
                    "zkrpc.consumer.services[" + Unprovided.class.getName() + "].check=false");
        });
    }

    @Test
    void aCheckedReferenceWithAnInstanceStarts() {
        try (ZkRegistryCenter provider = provider(Unprovided.class, "default")) {
            runner().withUserConfiguration(CheckedUser.class).run(context -> assertThat(context).hasNotFailed());
        }
    }

    @Test
    void anInstanceInAnotherEnvironmentDoesNotCountAndIsNamed() {
        try (ZkRegistryCenter provider = provider(Unprovided.class, "prod")) {
            runner().withUserConfiguration(CheckedUser.class).run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                    .isInstanceOf(ZkRpcStartupException.class)
                    .hasMessageContaining("is registered; found 1 under environment 'prod': check zkrpc.environment (here 'default')"));
        }
    }

    @Test
    void byDefaultAMissingInstanceDoesNotStopTheStart() {
        runner().withUserConfiguration(UncheckedUser.class).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theGlobalSettingChecksEveryReference() {
        runner().withPropertyValues("zkrpc.consumer.check=true").withUserConfiguration(UncheckedUser.class)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().isInstanceOf(ZkRpcStartupException.class));
    }

    @Test
    void aServiceSettingTurnsTheCheckOffForThatService() {
        runner().withPropertyValues("zkrpc.consumer.check=true", "zkrpc.consumer.services[" + Unprovided.class.getName() + "].check=false")
                .withUserConfiguration(CheckedUser.class).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aConfiguredServiceThatNothingReferencesIsWarnedOfOnce(CapturedOutput output) {
        String typo = Unprovided.class.getName() + "s";
        runner().withPropertyValues("zkrpc.consumer.services[" + typo + "].timeout=1s",
                        "zkrpc.consumer.services[" + Unprovided.class.getName() + "].timeout=2s")
                .withUserConfiguration(UncheckedUser.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).containsOnlyOnce("zkrpc.consumer.services[" + typo + "] names no interface")
                            .contains("referenced: [" + Unprovided.class.getName() + "]")
                            .doesNotContain("zkrpc.consumer.services[" + Unprovided.class.getName() + "] names");
                });
    }

    public interface Unprovided {
        String hello();
    }

    @Configuration(proxyBeanMethods = false)
    static class CheckedUser {
        @Bean
        Object checkedUser(@RpcReference(check = true) Unprovided unprovided) {
            return unprovided;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UncheckedUser {
        @Bean
        Object uncheckedUser(@RpcReference Unprovided unprovided) {
            return unprovided;
        }
    }
}
