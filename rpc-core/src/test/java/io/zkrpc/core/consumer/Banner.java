package io.zkrpc.core.consumer;

/** Inherits {@code text()} from two unrelated interfaces. */
public interface Banner extends Greeting, Label {
}
