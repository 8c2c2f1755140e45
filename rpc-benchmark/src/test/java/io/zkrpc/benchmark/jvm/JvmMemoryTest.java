package io.zkrpc.benchmark.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class JvmMemoryTest {

    @Test
    void allocationBetweenSnapshotsCountsGrowthAndNewThreadsAndIgnoresEndedOnes() {
        Map<Long, Long> before = Map.of(1L, 100L, 2L, 500L, 3L, 70L);
        Map<Long, Long> after = Map.of(1L, 160L, 2L, 500L, 4L, 30L);

        assertThat(JvmMemory.allocatedBetween(before, after)).isEqualTo(60 + 0 + 30);
    }

    @Test
    void theCurrentThreadsAllocationGrowsWhenItAllocates() {
        long before = JvmMemory.currentThreadAllocatedBytes();
        byte[][] garbage = new byte[64][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[1024];
        }

        assertThat(JvmMemory.currentThreadAllocatedBytes() - before).isGreaterThanOrEqualTo(64 * 1024L);
        assertThat(garbage[63]).hasSize(1024);
    }
}
