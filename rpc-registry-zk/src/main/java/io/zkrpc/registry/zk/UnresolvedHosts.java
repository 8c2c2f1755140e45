package io.zkrpc.registry.zk;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The hosts of a connect string that do not resolve: the likeliest reason why ZooKeeper cannot be
 * reached at start, named once by the registry (ZooKeeper's client would say it with a stack trace
 * every second, which the starter quiets).
 */
final class UnresolvedHosts {

    private UnresolvedHosts() {
    }

    /** A clause such as {@code " (zk1.example: no such host)"}, or an empty string when every host resolves. */
    static String clause(String connectString) {
        List<String> unresolved = of(connectString);
        return unresolved.isEmpty() ? "" : " (" + String.join(", ", unresolved) + ": no such host)";
    }

    static List<String> of(String connectString) {
        int chroot = connectString.indexOf('/');
        String servers = chroot < 0 ? connectString : connectString.substring(0, chroot);
        List<String> unresolved = new ArrayList<>();
        for (String server : servers.split(",")) {
            String host = host(server.trim());
            if (host.isEmpty()) {
                continue;
            }
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                unresolved.add(host);
            }
        }
        return unresolved;
    }

    private static String host(String server) {
        if (server.startsWith("[")) {
            int end = server.indexOf(']');
            return end < 0 ? server : server.substring(1, end);
        }
        int colon = server.lastIndexOf(':');
        return colon < 0 ? server : server.substring(0, colon);
    }
}
