package io.zkrpc.registry.zk;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * ZooKeeper digest credentials and the ACL they put on every node the registry creates: the
 * credentials' identity may do everything; everyone else may read, or nothing at all when the
 * tree is not world-readable. Curator applies the ACL to every create, the parents it creates on
 * the way and the namespace node included.
 */
final class ZkAuth {

    private final String username;
    private final String password;
    private final List<ACL> acl;

    private ZkAuth(String username, String password, boolean worldReadable) {
        this.username = username;
        this.password = password;
        List<ACL> entries = new ArrayList<>();
        entries.add(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest(username + ":" + password))));
        if (worldReadable) {
            entries.add(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
        }
        // Not List.copyOf: ZooKeeper checks the list with contains(null), which an immutable list refuses.
        this.acl = Collections.unmodifiableList(entries);
    }

    /**
     * The credentials, or {@code null} when {@code username} is blank.
     *
     * @throws IllegalArgumentException when the username holds a colon or the password is blank
     */
    static ZkAuth of(String username, String password, boolean worldReadable) {
        if (username == null || username.isBlank()) {
            return null;
        }
        if (username.contains(":")) {
            throw new IllegalArgumentException("A ZooKeeper digest username cannot contain ':'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("The ZooKeeper user " + username + " needs a password");
        }
        return new ZkAuth(username, password, worldReadable);
    }

    /** The ACL of every node the registry creates. */
    List<ACL> acl() {
        return acl;
    }

    /** Authenticates the client's sessions and makes its creates carry {@link #acl()}. */
    void applyTo(CuratorFrameworkFactory.Builder curator) {
        curator.authorization("digest", (username + ":" + password).getBytes(StandardCharsets.UTF_8))
                .aclProvider(new ACLProvider() {
                    @Override
                    public List<ACL> getDefaultAcl() {
                        return acl;
                    }

                    @Override
                    public List<ACL> getAclForPath(String path) {
                        return acl;
                    }
                });
    }

    private static String digest(String idPassword) {
        try {
            return DigestAuthenticationProvider.generateDigest(idPassword);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1, which ZooKeeper's digest scheme needs, is not available", e);
        }
    }

    @Override
    public String toString() {
        return "digest " + username + ":****";
    }
}
