package io.zkrpc.spring.boot.properties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the ZooKeeper registry. */
@ConfigurationProperties("zkrpc.registry")
public class RegistryProperties {

    /** ZooKeeper connect string, host:port[,host:port...]. With an embedded registry, the local address it binds (port 0 takes a free one). */
    private String address = "127.0.0.1:2181";

    /** Root node under which zkrpc keeps its tree. */
    private String namespace = "zkrpc";

    /** ZooKeeper session timeout: how long a crashed provider may stay listed. */
    private Duration sessionTimeout = Duration.ofSeconds(10);

    /** How long to wait for a ZooKeeper connection at start and for each registration. */
    private Duration connectionTimeout = Duration.ofSeconds(5);

    /** First pause before Curator retries a failed ZooKeeper operation; later pauses grow exponentially. */
    private Duration retryBaseSleep = Duration.ofMillis(200);

    /** How many times Curator retries a failed ZooKeeper operation. */
    private int maxRetries = 5;

    /** How often registered nodes are checked and repaired (missing, owned by a stale session, changed), besides every reconnection; 0 for never. */
    private Duration reconcileInterval = Duration.ofSeconds(30);

    /** Whether a change removing every instance of a service, or more than max-removal-share of them, while the session is unstable, waits for a direct read to confirm it. */
    private boolean massRemovalProtection = true;

    /** Share of a service's instances that one change may remove without confirmation while the session is unstable. */
    private double maxRemovalShare = 0.5;

    /** Whether the application fails to start when ZooKeeper is unreachable; by default it starts, serves, and registers and subscribes once ZooKeeper is back. */
    private boolean failFast = false;

    /** File keeping the last known instance lists, so that a consumer starting while ZooKeeper is unreachable can call; unset takes ~/.zkrpc/snapshots/{spring.application.name}-{namespace}-{environment}.json. */
    private Path snapshotFile;

    /** Whether to start an in-process ZooKeeper at the address (for development); an existing one there is used instead. */
    private boolean embedded = false;

    /** ZooKeeper digest credentials and the ACL of the nodes zkrpc creates. */
    private final Auth auth = new Auth();

    /** Settings of the ZooKeeper client itself (ZKClientConfig), such as zookeeper.client.secure and zookeeper.ssl.* for TLS; they win over the JVM's system properties of the same names. */
    private Map<String, String> clientProperties = new LinkedHashMap<>();

    public Auth getAuth() {
        return auth;
    }

    public Map<String, String> getClientProperties() {
        return clientProperties;
    }

    public void setClientProperties(Map<String, String> clientProperties) {
        this.clientProperties = clientProperties;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public Duration getRetryBaseSleep() {
        return retryBaseSleep;
    }

    public void setRetryBaseSleep(Duration retryBaseSleep) {
        this.retryBaseSleep = retryBaseSleep;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public Duration getReconcileInterval() {
        return reconcileInterval;
    }

    public void setReconcileInterval(Duration reconcileInterval) {
        this.reconcileInterval = reconcileInterval;
    }

    public boolean isMassRemovalProtection() {
        return massRemovalProtection;
    }

    public void setMassRemovalProtection(boolean massRemovalProtection) {
        this.massRemovalProtection = massRemovalProtection;
    }

    public double getMaxRemovalShare() {
        return maxRemovalShare;
    }

    public void setMaxRemovalShare(double maxRemovalShare) {
        this.maxRemovalShare = maxRemovalShare;
    }

    public boolean isFailFast() {
        return failFast;
    }

    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    public Path getSnapshotFile() {
        return snapshotFile;
    }

    public void setSnapshotFile(Path snapshotFile) {
        this.snapshotFile = snapshotFile;
    }

    public boolean isEmbedded() {
        return embedded;
    }

    public void setEmbedded(boolean embedded) {
        this.embedded = embedded;
    }

    /** ZooKeeper digest authentication. */
    public static class Auth {

        /** Digest username every ZooKeeper session authenticates as; when set, every node zkrpc creates may be created, changed and deleted by these credentials only. */
        private String username;

        /** Digest password of the username. */
        private String password;

        /** Whether everyone else may read the nodes zkrpc creates (so consumers without credentials still discover); false leaves them to the credentials alone. */
        private boolean worldReadable = true;

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public boolean isWorldReadable() {
            return worldReadable;
        }

        public void setWorldReadable(boolean worldReadable) {
            this.worldReadable = worldReadable;
        }
    }
}
