package io.zkrpc.core.consumer;

/** Tells which provider answered. */
public interface WhoAmI {

    int port();
}
