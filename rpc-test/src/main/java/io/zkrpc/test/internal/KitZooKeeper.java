package io.zkrpc.test.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** curator-test's server on 127.0.0.1 only (its default binds every interface), stopped and restarted on the same port and data. */
final class KitZooKeeper implements AutoCloseable {

    /** 500 ms ticks, so that sessions may be as short as 1 s (twice the tick). */
    private static final int TICK_MILLIS = 500;

    private final TestingServer server;
    private boolean running;

    KitZooKeeper() throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, TICK_MILLIS, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
        server = new TestingServer(spec, true);
        running = true;
    }

    String connectString() {
        return server.getConnectString();
    }

    synchronized boolean running() {
        return running;
    }

    synchronized Instant stop() throws IOException {
        if (running) {
            server.stop();
            running = false;
        }
        return Instant.now();
    }

    synchronized Instant restart() throws Exception {
        if (!running) {
            server.restart();
            running = true;
        }
        return Instant.now();
    }

    @Override
    public synchronized void close() throws IOException {
        server.close();
        running = false;
    }
}
