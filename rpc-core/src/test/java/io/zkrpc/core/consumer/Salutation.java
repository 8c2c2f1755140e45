package io.zkrpc.core.consumer;

/** A service interface with a default method built on its abstract one. */
public interface Salutation {

    String greet(String name);

    /** Runs where it is called: on a reference, its call of {@link #greet} is the remote call. */
    default String greetLoudly(String name) {
        return greet(name).toUpperCase() + "!";
    }
}
