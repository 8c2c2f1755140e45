package io.zkrpc.spring.boot.properties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/** Settings of the ZooKeeper registry, checked when bound. */
@ConfigurationProperties("zkrpc.registry")
public class RegistryProperties implements Validator {

    /** ZooKeeper connect string, host:port[,host:port...][/chroot]. With an embedded registry, the local address it binds (port 0 takes a free one). */
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

    @Override
    public boolean supports(Class<?> type) {
        return RegistryProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        RegistryProperties settings = (RegistryProperties) target;
        String problem = ZooKeeperConnectString.problem(settings.address, settings.embedded);
        if (problem != null) {
            PropertyRules.reject(errors, "address", "the ZooKeeper connect string " + problem,
                    "Set zkrpc.registry.address to host:port[,host:port...][/chroot], such as 127.0.0.1:2181 or "
                    + "zk1.example.com:2181,zk2.example.com:2181/team-a.");
        }
        PropertyRules.pathSegment(errors, "namespace", settings.namespace, "zkrpc.registry.namespace");
        PropertyRules.positive(errors, "sessionTimeout", settings.sessionTimeout, "zkrpc.registry.session-timeout");
        PropertyRules.positive(errors, "connectionTimeout", settings.connectionTimeout, "zkrpc.registry.connection-timeout");
        PropertyRules.positive(errors, "retryBaseSleep", settings.retryBaseSleep, "zkrpc.registry.retry-base-sleep");
        PropertyRules.atLeast(errors, "maxRetries", settings.maxRetries, 0, "zkrpc.registry.max-retries", "retries of a failed operation");
        PropertyRules.notNegative(errors, "reconcileInterval", settings.reconcileInterval, "zkrpc.registry.reconcile-interval");
        PropertyRules.share(errors, "maxRemovalShare", settings.maxRemovalShare, "zkrpc.registry.max-removal-share");
        boolean user = settings.auth.username != null && !settings.auth.username.isBlank();
        boolean password = settings.auth.password != null && !settings.auth.password.isEmpty();
        if (user != password) {
            PropertyRules.reject(errors, user ? "auth.password" : "auth.username",
                    "is not set, while zkrpc.registry.auth." + (user ? "username" : "password") + " is",
                    "Set both zkrpc.registry.auth.username and zkrpc.registry.auth.password, or neither.");
        }
    }

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
