package io.zkrpc.registry.zk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The registry's two daemon threads: the worker, which reconciles and delivers (never ZooKeeper's
 * event thread), and the closer, which runs closes that may wait out every retry while ZooKeeper
 * is unreachable, so that an outage never blocks the caller nor the worker.
 */
final class RegistryThreads {

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(daemon("zkrpc-registry"));
    private final ExecutorService closer = Executors.newSingleThreadExecutor(daemon("zkrpc-registry-close"));

    ScheduledExecutorService worker() {
        return worker;
    }

    /** Runs {@code close} on the closer; once shut down, closing the client has ended what it would end. */
    void closeLater(Runnable close) {
        try {
            closer.execute(close);
        } catch (RejectedExecutionException shutDown) {
            // the client is closed, and with it every node and watch of its session
        }
    }

    /** Stops the worker now; closes already handed over still run, against the closing client. */
    void shutdown() {
        worker.shutdownNow();
        closer.shutdown();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
