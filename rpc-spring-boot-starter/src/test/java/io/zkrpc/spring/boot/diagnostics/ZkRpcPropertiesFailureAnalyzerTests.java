package io.zkrpc.spring.boot.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.StaticRegistryCenter;
import io.zkrpc.spring.boot.autoconfigure.ZkRegistryAutoConfiguration;
import io.zkrpc.spring.boot.autoconfigure.ZkRpcAutoConfiguration;
import io.zkrpc.spring.boot.properties.ProviderProperties;

/** Invalid settings stop the start with Boot's failure report: the property, its value, why, and what to set. */
@ExtendWith(OutputCaptureExtension.class)
class ZkRpcPropertiesFailureAnalyzerTests {

    private final ApplicationContextRunner consumer = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZkRpcAutoConfiguration.class))
            .withBean(RegistryCenter.class, StaticRegistryCenter::new);

    private final ApplicationContextRunner provider = new ApplicationContextRunner()
            .withUserConfiguration(ProviderSettings.class);

    private final ApplicationContextRunner registry = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZkRegistryAutoConfiguration.class));

    private static FailureAnalysis analysisOf(Throwable failure) {
        FailureAnalysis analysis = new ZkRpcPropertiesFailureAnalyzer().analyze(failure);
        if (analysis == null) {
            analysis = new ZkRpcStartupFailureAnalyzer().analyze(failure);
        }
        assertThat(analysis).as("an analysis of %s", failure).isNotNull();
        return analysis;
    }

    @Test
    void negativeRetriesNameTheProperty() {
        consumer.withPropertyValues("zkrpc.consumer.retries=-1").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: zkrpc.consumer.retries", "Value: \"-1\"",
                    "Reason: must be 0 or more (further attempts after the first)");
            assertThat(analysis.getAction()).isEqualTo("Set zkrpc.consumer.retries to 0 or more.");
        });
    }

    @Test
    void anUnknownClusterStrategyNamesThePropertyAndTheKnownOnes() {
        consumer.withPropertyValues("zkrpc.consumer.cluster=foo").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: zkrpc.consumer.cluster", "Value: \"foo\"",
                    "Reason: is no cluster strategy; known: failover, failfast, failsafe, forking");
            assertThat(analysis.getAction()).isEqualTo("Set zkrpc.consumer.cluster to one of failover, failfast, failsafe, forking.");
        });
    }

    @Test
    void aServicesSettingIsNamedWithItsKey() {
        consumer.withPropertyValues("zkrpc.consumer.services[com.example.Greeter].methods.greet.forks=0").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: zkrpc.consumer.services[com.example.Greeter].methods[greet].forks",
                    "Value: \"0\"");
            assertThat(analysis.getAction()).isEqualTo("Set zkrpc.consumer.services[com.example.Greeter].methods.greet.forks to 1 or more.");
        });
    }

    @Test
    void aNestedPropertyIsNamedAsItIsWrittenAndADurationAsWritten() {
        consumer.withPropertyValues("zkrpc.consumer.retry-budget.ratio=2", "zkrpc.consumer.timeout=0").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: zkrpc.consumer.retry-budget.ratio", "Value: \"2.0\"",
                    "Property: zkrpc.consumer.timeout", "Value: \"0ms\"").doesNotContain("retryBudget", "PT0S");
        });
    }

    @Test
    void everyInvalidSettingIsReportedAtOnce() {
        consumer.withPropertyValues("zkrpc.consumer.retries=-1", "zkrpc.consumer.timeout=0").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: zkrpc.consumer.retries", "Property: zkrpc.consumer.timeout");
        });
    }

    @Test
    void anUnknownLoadBalancerNamesThePropertyAndTheKnownOnes() {
        consumer.withPropertyValues("zkrpc.consumer.load-balancer=fastest").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: zkrpc.consumer.load-balancer", "Value: \"fastest\"",
                    "round-robin", "random");
            assertThat(analysis.getAction()).contains("LoadBalancer bean");
        });
    }

    @Test
    void aRegistryAddressWithAPortThatIsNoNumberFailsBeforeZooKeeperSeesIt() {
        registry.withPropertyValues("zkrpc.registry.address=localhost:abc").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: zkrpc.registry.address", "Value: \"localhost:abc\"",
                    "whose port 'abc' is no number from 1 to 65535");
            assertThat(analysis.getAction()).startsWith("Set zkrpc.registry.address to host:port[,host:port...][/chroot]");
        });
    }

    @Test
    void anEnvironmentWithASlashIsRefused() {
        consumer.withPropertyValues("zkrpc.environment=dev/eu").run(context -> assertThat(analysisOf(context.getStartupFailure())
                .getDescription()).contains("Property: zkrpc.environment", "Value: \"dev/eu\""));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProviderProperties.class)
    static class ProviderSettings {
    }

    @Test
    void aProviderWeightBeyondTheRulesLimitIsRefused() {
        provider.withPropertyValues("zkrpc.provider.weight=2147483647").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: zkrpc.provider.weight", "Value: \"2147483647\"",
                    "Reason: must be from 0 to 10000 (0 takes the instance out of rotation)");
            assertThat(analysis.getAction()).isEqualTo("Set zkrpc.provider.weight to a number from 0 to 10000, such as 100.");
        });
        provider.withPropertyValues("zkrpc.provider.weight=-1").run(context -> assertThat(analysisOf(context.getStartupFailure())
                .getDescription()).contains("Property: zkrpc.provider.weight", "Value: \"-1\""));
        provider.withPropertyValues("zkrpc.provider.weight=10000").run(context ->
                assertThat(context).hasNotFailed());
    }

    @Test
    void aNegativeWarmupAndATagTheRulesCouldNotNameAreRefused() {
        provider.withPropertyValues("zkrpc.provider.warmup=-1s", "zkrpc.provider.tag=gray blue").run(context -> {
            FailureAnalysis analysis = analysisOf(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: zkrpc.provider.warmup", "Value: \"-1000ms\"",
                    "Property: zkrpc.provider.tag", "Value: \"gray blue\"",
                    "Reason: must be at most 64 letters, digits, '.', '_' or '-'");
            assertThat(analysis.getAction()).contains("Set zkrpc.provider.tag to a name such as gray");
        });
        provider.withPropertyValues("zkrpc.provider.tag=" + "g".repeat(65)).run(context -> assertThat(analysisOf(context.getStartupFailure())
                .getDescription()).contains("Property: zkrpc.provider.tag"));
        provider.withPropertyValues("zkrpc.provider.tag=gray-2.0_b", "zkrpc.provider.warmup=90s").run(context ->
                assertThat(context).hasNotFailed());
    }

    @Test
    void metadataThatZkrpcSetsItselfIsRefusedNamingThePropertyToUse() {
        provider.withPropertyValues("zkrpc.provider.metadata.weight=5", "zkrpc.provider.metadata.tag=blue",
                "zkrpc.provider.metadata.startTime=1", "zkrpc.provider.metadata[methods.x]=abc").run(context -> {
                    FailureAnalysis analysis = analysisOf(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Property: zkrpc.provider.metadata[weight]",
                            "Property: zkrpc.provider.metadata[tag]", "Property: zkrpc.provider.metadata[startTime]",
                            "Property: zkrpc.provider.metadata[methods.x]", "Reason: is metadata that zkrpc sets itself");
                    assertThat(analysis.getAction()).contains("Remove zkrpc.provider.metadata.weight and set zkrpc.provider.weight instead.",
                            "Remove zkrpc.provider.metadata.tag and set zkrpc.provider.tag instead.",
                            "Remove zkrpc.provider.metadata.startTime: zkrpc sets it at registration.");
                });
        provider.withPropertyValues("zkrpc.provider.metadata.zone=eu-1", "zkrpc.provider.metadata.version=2.1").run(context ->
                assertThat(context).hasNotFailed());
    }

    @Test
    void otherBindingFailuresAreLeftToSpringBoot() {
        assertThat(new ZkRpcPropertiesFailureAnalyzer().analyze(new IllegalStateException("unrelated"))).isNull();
    }

    @Test
    void aRealApplicationPrintsTheReportWithoutAStackTrace(CapturedOutput output) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(RegistryOnly.class).web(WebApplicationType.NONE)
                .properties("zkrpc.registry.address=localhost:abc");
        assertThatThrownBy(application::run).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START", "Property: zkrpc.registry.address", "Value: \"localhost:abc\"",
                "Origin: \"zkrpc.registry.address\" from property source", "Action:", "Set zkrpc.registry.address to host:port")
                .doesNotContain("StackOverflowError", "at org.apache.curator");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ZkRegistryAutoConfiguration.class)
    static class RegistryOnly {
    }
}
