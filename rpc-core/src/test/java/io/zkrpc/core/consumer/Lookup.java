package io.zkrpc.core.consumer;

/** A generic base service interface. */
public interface Lookup<T> {

    T lookup(int id);
}
