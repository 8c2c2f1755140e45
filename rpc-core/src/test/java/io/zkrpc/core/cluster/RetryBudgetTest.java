package io.zkrpc.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void retriesAreCappedAtTheRatioOfCalls() {
        RetryBudget budget = new RetryBudget(0.1, 0);
        for (int i = 0; i < 100; i++) {
            budget.recordCall();
        }

        int granted = grantedOutOf(budget, 1_000);

        assertThat(granted).isEqualTo(10);
    }

    @Test
    void withoutCallsAndWithoutReserveNoRetryIsGranted() {
        RetryBudget budget = new RetryBudget(0.1, 0);

        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void moreCallsRefillTheBudget() {
        RetryBudget budget = new RetryBudget(0.5, 0);
        budget.recordCall();
        budget.recordCall();
        assertThat(grantedOutOf(budget, 100)).isEqualTo(1);

        budget.recordCall();
        budget.recordCall();

        assertThat(grantedOutOf(budget, 100)).isEqualTo(1);
    }

    @Test
    void reservePerSecondAllowsRetriesOfAQuietServiceForTheWholeWindow() {
        RetryBudget budget = new RetryBudget(0.1, 5);

        int granted = grantedOutOf(budget, 1_000);

        // Ten one-second buckets of five each; no time passes that would let a bucket expire.
        assertThat(granted).isEqualTo(50);
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void negativeSettingsAreRejected() {
        assertThatThrownBy(() -> new RetryBudget(-0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBudget(0.1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int grantedOutOf(RetryBudget budget, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            if (budget.tryRetry()) {
                granted++;
            }
        }
        return granted;
    }
}
