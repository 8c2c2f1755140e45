package io.zkrpc.test.sample.api;

/** The kit's own sample service. */
public interface Echo {

    /** {@code text}, followed by {@code @host:port} of the instance that answered. */
    String echo(String text);
}
