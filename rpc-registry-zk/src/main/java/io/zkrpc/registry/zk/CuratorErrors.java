package io.zkrpc.registry.zk;

import org.apache.curator.framework.api.UnhandledErrorListener;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Curator's unhandled errors, reported in zkrpc's words. The starter quiets Curator's own logger
 * (it prints a stack trace for every operation an outage interrupts), so what Curator reports
 * here is the only trace of a genuine error: an outage's connection and session errors are left to
 * the session's own lines (DEBUG here), a refusal by ZooKeeper (no right, bad version, …) is one
 * WARN line, and anything else, such as an exception thrown by a watcher or listener, an ERROR
 * with its stack trace.
 */
final class CuratorErrors implements UnhandledErrorListener {

    private static final Logger log = LoggerFactory.getLogger(CuratorErrors.class);

    @Override
    public void unhandledError(String message, Throwable error) {
        if (error instanceof KeeperException keeper) {
            if (outage(keeper.code())) {
                log.debug("ZooKeeper operation interrupted by the connection ({}): {}", message, keeper.code());
            } else {
                log.warn("ZooKeeper refused an operation ({}): {}{}", message, keeper.code(),
                        keeper.getPath() != null ? " at " + keeper.getPath() : "");
            }
        } else {
            log.error("Unexpected error in a ZooKeeper operation or callback ({})", message, error);
        }
    }

    private static boolean outage(KeeperException.Code code) {
        return switch (code) {
            case CONNECTIONLOSS, SESSIONEXPIRED, SESSIONMOVED, OPERATIONTIMEOUT, REQUESTTIMEOUT -> true;
            default -> false;
        };
    }
}
