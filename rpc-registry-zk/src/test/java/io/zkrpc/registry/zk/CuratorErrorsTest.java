package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.Test;

class CuratorErrorsTest {

    private final CuratorErrors errors = new CuratorErrors();

    @Test
    void anOutageIsLeftToTheSessionsOwnLines() {
        try (LogCapture log = LogCapture.start()) {
            errors.unhandledError("Background operation retry gave up", new KeeperException.ConnectionLossException());
            errors.unhandledError("Background operation retry gave up", new KeeperException.SessionExpiredException());
            assertThat(log.text()).doesNotContain("ZooKeeper", "ConnectionLoss", "Exception");
        }
    }

    @Test
    void aRefusalIsOneWarnLineWithoutStackTrace() {
        try (LogCapture log = LogCapture.start()) {
            errors.unhandledError("Background exception was not retry-able or retry gave up", KeeperException.create(KeeperException.Code.NOAUTH, "/zkrpc/x"));
            assertThat(log.text()).contains("WARN", "ZooKeeper refused an operation", "NOAUTH", "at /zkrpc/x")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void anyOtherErrorIsAnErrorWithItsStackTrace() {
        try (LogCapture log = LogCapture.start()) {
            errors.unhandledError("listener failed", new IllegalStateException("a watcher's bug"));
            assertThat(log.text()).contains("ERROR", "Unexpected error in a ZooKeeper operation or callback (listener failed)",
                    "a watcher's bug", "\tat ");
        }
    }
}
