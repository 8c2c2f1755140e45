package io.zkrpc.benchmark.jvm;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashMap;
import java.util.Map;

import com.sun.management.ThreadMXBean;

/**
 * What the benchmark reads from the JVM it runs in: bytes allocated by threads, and the heap after
 * a full collection. Used in both JVMs, so that the provider's and the driver's figures agree.
 */
public final class JvmMemory {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private JvmMemory() {
    }

    /** Bytes allocated so far by the current thread. */
    public static long currentThreadAllocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Bytes allocated so far by each live thread, by thread id. Two snapshots give a window's
     * allocation with {@link #allocatedBetween}, even when threads start or end in between.
     */
    public static Map<Long, Long> allocatedBytesByThread() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return byThread;
    }

    /**
     * Bytes allocated between two snapshots of {@link #allocatedBytesByThread}: a thread in both
     * counts its growth, a thread started in between counts whole, a thread that ended is lost (an
     * idle pool thread retiring; it allocated next to nothing).
     */
    public static long allocatedBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return total;
    }

    /** Runs a full collection ({@code System.gc()}), then reads the old generation and the whole heap. */
    public static HeapAfterGc collect() {
        System.gc();
        long oldGen = -1;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && isOldGen(pool.getName())) {
                oldGen = pool.getUsage().getUsed();
            }
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new HeapAfterGc(oldGen, heap);
    }

    // G1 "G1 Old Gen", Parallel "PS Old Gen", Serial "Tenured Gen", ZGC/Shenandoah have one pool
    private static boolean isOldGen(String pool) {
        return pool.contains("Old Gen") || pool.contains("Tenured");
    }

    /** Heap figures read right after a full collection, in bytes ({@code oldGen} is -1 when the collector has no old generation). */
    public record HeapAfterGc(long oldGen, long heap) {
    }
}
