package io.zkrpc.registry.zk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single ZooKeeper server inside this JVM, for development and tests: ZooKeeper's own server
 * classes on a temporary data directory, bound to one local address. If a server already
 * answers at that address, it is used instead and nothing is started, so that a provider and a
 * consumer started side by side with the embedded registry share one ZooKeeper.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    private static final int TICK_MILLIS = 500;

    private final String host;
    private final int port;
    private final ServerCnxnFactory factory;
    private final ZooKeeperServer server;
    private final Path dataDir;

    private EmbeddedZooKeeper(String host, int port, ServerCnxnFactory factory, ZooKeeperServer server, Path dataDir) {
        this.host = host;
        this.port = port;
        this.factory = factory;
        this.server = server;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server on {@code host:port} (port 0 takes a free one), or joins the one already
     * answering there.
     */
    public static EmbeddedZooKeeper start(String host, int port) {
        if (port > 0 && answers(host, port)) {
            log.info("ZooKeeper already answers at {}:{}; using it instead of starting one", host, port);
            return new EmbeddedZooKeeper(host, port, null, null, null);
        }
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("zkrpc-zookeeper-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start an embedded ZooKeeper at " + host + ":" + port
                    + ": no temporary directory for its data", e);
        }
        return start(host, port, dataDir);
    }

    /** Starts a server on {@code dataDir}, which it deletes when it stops or fails to start. */
    static EmbeddedZooKeeper start(String host, int port, Path dataDir) {
        ServerCnxnFactory factory = null;
        ZooKeeperServer server = null;
        try {
            server = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), TICK_MILLIS);
            factory = ServerCnxnFactory.createFactory(new InetSocketAddress(host, port), 200);
            factory.startup(server);
            EmbeddedZooKeeper embedded = new EmbeddedZooKeeper(host, factory.getLocalPort(), factory, server, dataDir);
            log.info("Started an embedded ZooKeeper at {}", embedded.connectString());
            return embedded;
        } catch (IOException | RuntimeException | LinkageError e) {
            // The factory's threads (its ConnnectionExpirer is not a daemon) would keep the JVM alive after the failure.
            shutDownQuietly(factory, server);
            deleteQuietly(dataDir);
            throw new IllegalStateException("Cannot start an embedded ZooKeeper at " + host + ":" + port + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutDownQuietly(factory, server);
            deleteQuietly(dataDir);
            throw new IllegalStateException("Interrupted while starting an embedded ZooKeeper", e);
        }
    }

    /** {@code host:port} of the server. */
    public String connectString() {
        return host + ":" + port;
    }

    /** Whether this instance started the server (rather than joining one already running). */
    public boolean isOwner() {
        return factory != null;
    }

    /** Stops the server this instance started and deletes its data; joining instances do nothing. */
    @Override
    public void close() {
        if (factory == null) {
            return;
        }
        factory.shutdown();
        server.shutdown();
        deleteQuietly(dataDir);
        log.info("Stopped the embedded ZooKeeper at {}", connectString());
    }

    private static void shutDownQuietly(ServerCnxnFactory factory, ZooKeeperServer server) {
        try {
            if (factory != null) {
                factory.shutdown(); // shuts the server down too, once started
            }
            if (server != null) {
                server.shutdown();
            }
        } catch (RuntimeException | LinkageError e) {
            log.debug("Stopping the embedded ZooKeeper that failed to start failed too: {}", e.toString());
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not delete {}: {}", dir, e.toString());
        }
    }
}
