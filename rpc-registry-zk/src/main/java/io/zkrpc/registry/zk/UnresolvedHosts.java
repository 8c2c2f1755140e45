package io.zkrpc.registry.zk;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.apache.zookeeper.client.ConnectStringParser;

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
        List<String> unresolved = new ArrayList<>();
        for (InetSocketAddress server : new ConnectStringParser(connectString).getServerAddresses()) {
            try {
                InetAddress.getByName(server.getHostString());
            } catch (UnknownHostException e) {
                unresolved.add(server.getHostString());
            }
        }
        return unresolved;
    }
}
