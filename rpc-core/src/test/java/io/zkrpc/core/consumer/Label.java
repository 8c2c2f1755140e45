package io.zkrpc.core.consumer;

/** Declares {@code text()}, as {@link Greeting} does too. */
public interface Label {

    String text();
}
