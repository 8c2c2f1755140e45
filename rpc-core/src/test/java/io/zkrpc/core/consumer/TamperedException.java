package io.zkrpc.core.consumer;

/** A declared exception that no constructor can rebuild from what travels: it takes a value it does not expose. */
public class TamperedException extends Exception {

    public TamperedException(StringBuilder evidence) {
        super("tampered: " + evidence);
    }
}
