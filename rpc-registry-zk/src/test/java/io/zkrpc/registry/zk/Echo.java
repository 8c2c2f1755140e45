package io.zkrpc.registry.zk;

/** The service the registry tests export over HTTP and call. */
public interface Echo {

    String echo(String text);
}
