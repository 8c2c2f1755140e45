package io.zkrpc.spring.boot.autoconfigure;

/**
 * The first server of a ZooKeeper connect string ({@code host[:port],host[:port]...}), where an
 * embedded ZooKeeper is started; the port is 2181 when the address names none.
 */
record ZooKeeperAddress(String host, int port) {

    static final int DEFAULT_PORT = 2181;

    static ZooKeeperAddress firstOf(String connectString) {
        String first = connectString.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon < 0) {
            return new ZooKeeperAddress(first, DEFAULT_PORT);
        }
        String port = first.substring(colon + 1);
        try {
            return new ZooKeeperAddress(first.substring(0, colon), Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("zkrpc.registry.address: the port of '" + first + "' is not a number", e);
        }
    }
}
