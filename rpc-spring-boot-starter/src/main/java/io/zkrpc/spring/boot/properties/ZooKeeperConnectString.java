package io.zkrpc.spring.boot.properties;

/**
 * Checks a ZooKeeper connect string, {@code host[:port][,host[:port]...][/chroot]}, before
 * ZooKeeper's client sees it: the client takes a bad port for a host name and retries it forever.
 */
final class ZooKeeperConnectString {

    private ZooKeeperConnectString() {
    }

    /**
     * What is wrong with {@code connectString}, or {@code null} when it is well formed.
     *
     * @param embedded whether it is the address of an embedded ZooKeeper, where port 0 takes a free one
     */
    static String problem(String connectString, boolean embedded) {
        if (connectString == null || connectString.isBlank()) {
            return "is empty";
        }
        int slash = connectString.indexOf('/');
        String servers = slash < 0 ? connectString : connectString.substring(0, slash);
        if (slash >= 0) {
            String chroot = connectString.substring(slash);
            if (chroot.length() > 1 && (chroot.endsWith("/") || chroot.contains("//") || chroot.contains(" "))) {
                return "has the chroot '" + chroot + "', which is no ZooKeeper path (/a/b: no empty part, no trailing '/')";
            }
        }
        for (String server : servers.split(",", -1)) {
            String problem = serverProblem(server.trim(), embedded ? 0 : 1);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String serverProblem(String server, int lowestPort) {
        if (server.isEmpty()) {
            return "names an empty server (two commas, or a comma at an end)";
        }
        String host;
        String port = null;
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            if (close < 0) {
                return "has the server '" + server + "' whose IPv6 address lacks its ']'";
            }
            host = server.substring(1, close);
            String rest = server.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return "has the server '" + server + "' with '" + rest + "' after its address";
                }
                port = rest.substring(1);
            }
        } else {
            int colon = server.indexOf(':');
            if (colon >= 0 && server.indexOf(':', colon + 1) >= 0) {
                return "has the server '" + server + "' with two ':' (write an IPv6 address in brackets: [::1]:2181)";
            }
            host = colon < 0 ? server : server.substring(0, colon);
            port = colon < 0 ? null : server.substring(colon + 1);
            if (!host.isEmpty() && !host.matches("[A-Za-z0-9._-]+")) {
                return "has the server '" + server + "' whose host '" + host + "' is no host name or address";
            }
        }
        if (host.isEmpty()) {
            return "has the server '" + server + "' without a host";
        }
        if (port != null && !validPort(port, lowestPort)) {
            return "has the server '" + server + "' whose port '" + port + "' is no number from " + lowestPort + " to 65535";
        }
        return null;
    }

    private static boolean validPort(String port, int lowest) {
        if (!port.matches("[0-9]{1,5}")) {
            return false;
        }
        int value = Integer.parseInt(port);
        return value >= lowest && value <= 65535;
    }
}
