package io.zkrpc.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterStrategyTest {

    @Test
    void knownNamesSelectTheirStrategies() {
        assertThat(ClusterStrategy.named("failover")).isInstanceOf(FailoverStrategy.class);
        assertThat(ClusterStrategy.named("failfast")).isInstanceOf(FailfastStrategy.class);
        assertThat(ClusterStrategy.named("failsafe")).isInstanceOf(FailsafeStrategy.class);
        assertThat(ClusterStrategy.named("forking")).isInstanceOf(ForkingStrategy.class);
    }

    @Test
    void unknownNameIsRejectedListingTheKnownOnes() {
        assertThatThrownBy(() -> ClusterStrategy.named("broadcast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'broadcast'")
                .hasMessageContainingAll("failover", "failfast", "failsafe", "forking");
    }
}
