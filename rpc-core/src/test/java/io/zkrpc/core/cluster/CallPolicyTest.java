package io.zkrpc.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.annotation.RpcMethod;
import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.internal.cluster.ClusterStrategy;

class CallPolicyTest {

    private static final CallPolicy BASE = new CallPolicy(Duration.ofSeconds(3), 2, false, ClusterStrategy.FAILOVER, 2);

    /** Methods whose annotations {@link PolicyOverrides#of} reads. */
    interface Annotated {

        @RpcMethod(idempotent = true, timeout = "750ms", retries = 0, cluster = "forking", forks = 3)
        String everything();

        @RpcMethod(timeout = "2s")
        String timeoutOnly();

        @RpcMethod
        String nothing();

        String unannotated();
    }

    /** Reference points whose annotations {@link PolicyOverrides#of(RpcReference)} reads. */
    static final class References {

        @RpcReference(timeout = "2s", retries = 0, cluster = "failfast", version = "2", loadBalancer = "random")
        Object everything;

        @RpcReference
        Object nothing;

        @RpcReference(timeout = "soon")
        Object badTimeout;
    }

    @Test
    void onlyTheSettingsAnOverrideCarriesAreReplaced() {
        CallPolicy policy = BASE.with(new PolicyOverrides(null, 5, null, ClusterStrategy.FAILFAST, null));

        assertThat(policy).isEqualTo(new CallPolicy(Duration.ofSeconds(3), 5, false, ClusterStrategy.FAILFAST, 2));
    }

    @Test
    void everySettingCanBeReplaced() {
        CallPolicy policy = BASE.with(new PolicyOverrides(Duration.ofMillis(100), 0, true, ClusterStrategy.FORKING, 4));

        assertThat(policy).isEqualTo(new CallPolicy(Duration.ofMillis(100), 0, true, ClusterStrategy.FORKING, 4));
    }

    @Test
    void noOverridesLeaveThePolicyAsItIs() {
        assertThat(BASE.with(PolicyOverrides.NONE)).isEqualTo(BASE);
        assertThat(BASE.with(null)).isEqualTo(BASE);
    }

    @Test
    void laterOverridesWinOverEarlierOnes() {
        CallPolicy policy = BASE.with(PolicyOverrides.timeout(Duration.ofSeconds(1)))
                .with(new PolicyOverrides(null, 1, null, null, null))
                .with(PolicyOverrides.timeout(Duration.ofMillis(200)));

        assertThat(policy.timeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.retries()).isEqualTo(1);
    }

    @Test
    void invalidPoliciesAreRejected() {
        assertThatThrownBy(() -> new CallPolicy(Duration.ZERO, 2, false, ClusterStrategy.FAILOVER, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new CallPolicy(Duration.ofMillis(-1), 2, false, ClusterStrategy.FAILOVER, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallPolicy(Duration.ofSeconds(1), -1, false, ClusterStrategy.FAILOVER, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retries -1");
        assertThatThrownBy(() -> new CallPolicy(Duration.ofSeconds(1), 2, false, ClusterStrategy.FAILOVER, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forks 0");
    }

    @Test
    void overridesThatMakeThePolicyInvalidAreRejected() {
        assertThatThrownBy(() -> BASE.with(PolicyOverrides.timeout(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BASE.with(new PolicyOverrides(null, -2, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BASE.with(new PolicyOverrides(null, null, null, null, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void annotationWithEverySettingIsReadInFull() throws NoSuchMethodException {
        PolicyOverrides overrides = PolicyOverrides.of(Annotated.class.getMethod("everything").getAnnotation(RpcMethod.class));

        assertThat(overrides).isEqualTo(new PolicyOverrides(Duration.ofMillis(750), 0, true, ClusterStrategy.FORKING, 3));
        assertThat(BASE.with(overrides)).isEqualTo(new CallPolicy(Duration.ofMillis(750), 0, true, ClusterStrategy.FORKING, 3));
    }

    @Test
    void annotationDefaultsOverrideNothing() throws NoSuchMethodException {
        PolicyOverrides timeoutOnly = PolicyOverrides.of(Annotated.class.getMethod("timeoutOnly").getAnnotation(RpcMethod.class));
        PolicyOverrides nothing = PolicyOverrides.of(Annotated.class.getMethod("nothing").getAnnotation(RpcMethod.class));

        assertThat(timeoutOnly).isEqualTo(PolicyOverrides.timeout(Duration.ofSeconds(2)));
        assertThat(nothing).isEqualTo(PolicyOverrides.NONE);
        assertThat(BASE.with(nothing)).isEqualTo(BASE);
    }

    @Test
    void missingAnnotationOverridesNothing() throws NoSuchMethodException {
        assertThat(PolicyOverrides.of(Annotated.class.getMethod("unannotated").getAnnotation(RpcMethod.class)))
                .isEqualTo(PolicyOverrides.NONE);
    }

    @Test
    void referenceAnnotationIsReadInFull() throws NoSuchFieldException {
        assertThat(PolicyOverrides.of(reference("everything")))
                .isEqualTo(new PolicyOverrides(Duration.ofSeconds(2), 0, null, ClusterStrategy.FAILFAST, null));
        assertThat(PolicyOverrides.of(reference("nothing"))).isEqualTo(PolicyOverrides.NONE);
        assertThat(PolicyOverrides.of((RpcReference) null)).isEqualTo(PolicyOverrides.NONE);
    }

    @Test
    void anInvalidAnnotatedTimeoutIsRejectedNamingIt() {
        assertThatThrownBy(() -> PolicyOverrides.of(reference("badTimeout")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid timeout 'soon'");
    }

    @Test
    void laterOverridesWinSettingBySetting() {
        PolicyOverrides merged = new PolicyOverrides(Duration.ofSeconds(1), 1, null, ClusterStrategy.FORKING, 3)
                .and(new PolicyOverrides(null, 4, true, null, null));

        assertThat(merged).isEqualTo(new PolicyOverrides(Duration.ofSeconds(1), 4, true, ClusterStrategy.FORKING, 3));
    }

    private static RpcReference reference(String field) throws NoSuchFieldException {
        return References.class.getDeclaredField(field).getAnnotation(RpcReference.class);
    }
}
