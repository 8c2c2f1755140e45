package io.zkrpc.core.consumer;

/** Declares {@code text()}, as {@link Label} does too. */
public interface Greeting {

    String text();
}
