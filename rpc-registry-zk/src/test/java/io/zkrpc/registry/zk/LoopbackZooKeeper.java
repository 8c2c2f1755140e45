package io.zkrpc.registry.zk;

import java.util.Map;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** curator-test's {@link TestingServer}, bound to 127.0.0.1 only (its default binds every interface). */
final class LoopbackZooKeeper {

    private LoopbackZooKeeper() {
    }

    static TestingServer start() throws Exception {
        return new TestingServer(spec(), true);
    }

    /** A server whose port is chosen now and which listens only once {@link TestingServer#start()} is called. */
    static TestingServer notStarted() throws Exception {
        return new TestingServer(spec(), false);
    }

    private static InstanceSpec spec() {
        return new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1, Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
    }
}
