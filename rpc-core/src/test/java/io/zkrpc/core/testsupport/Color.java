package io.zkrpc.core.testsupport;

/** An enum value. */
public enum Color {
    RED, GREEN, BLUE
}
