package io.zkrpc.core.testsupport;

/** A record value. */
public record Point(int x, int y, String label) {
}
