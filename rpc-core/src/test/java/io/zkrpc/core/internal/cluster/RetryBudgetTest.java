package io.zkrpc.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    /** The budgets' clock, which only the test moves. */
    private final AtomicLong nanos = new AtomicLong(7_300_000_000L);

    @Test
    void retriesAreCappedAtTheRatioOfCalls() {
        RetryBudget budget = new RetryBudget(0.1, 0, nanos::get);
        for (int i = 0; i < 100; i++) {
            budget.recordCall();
        }

        int granted = grantedOutOf(budget, 1_000);

        assertThat(granted).isEqualTo(10);
    }

    @Test
    void withoutCallsAndWithoutReserveNoRetryIsGranted() {
        RetryBudget budget = new RetryBudget(0.1, 0, nanos::get);

        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void moreCallsRefillTheBudget() {
        RetryBudget budget = new RetryBudget(0.5, 0, nanos::get);
        budget.recordCall();
        budget.recordCall();
        assertThat(grantedOutOf(budget, 100)).isEqualTo(1);

        budget.recordCall();
        budget.recordCall();

        assertThat(grantedOutOf(budget, 100)).isEqualTo(1);
    }

    @Test
    void reservePerSecondAllowsRetriesOfAQuietServiceForTheWholeWindow() {
        RetryBudget budget = new RetryBudget(0.1, 5, nanos::get);

        int granted = grantedOutOf(budget, 1_000);

        // Ten one-second buckets of five each; the clock stands still, so no bucket expires.
        assertThat(granted).isEqualTo(50);
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void negativeSettingsAreRejected() {
        assertThatThrownBy(() -> new RetryBudget(-0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBudget(0.1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callsOlderThanTheWindowNoLongerCount() {
        RetryBudget budget = new RetryBudget(0.1, 0, nanos::get);
        for (int i = 0; i < 100; i++) {
            budget.recordCall();
        }
        advance(Duration.ofMillis(9_600));
        assertThat(grantedOutOf(budget, 5)).as("within the window").isEqualTo(5);

        advance(Duration.ofSeconds(1));

        assertThat(budget.tryRetry()).as("after the window").isFalse();
    }

    @Test
    void retriesOlderThanTheWindowNoLongerCount() {
        RetryBudget budget = new RetryBudget(0.1, 1, nanos::get);
        assertThat(grantedOutOf(budget, 100)).isEqualTo(10);

        advance(Duration.ofSeconds(9));
        assertThat(budget.tryRetry()).as("the window still full").isFalse();

        advance(Duration.ofSeconds(1));
        assertThat(grantedOutOf(budget, 100)).as("the oldest second expired").isEqualTo(10);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
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
