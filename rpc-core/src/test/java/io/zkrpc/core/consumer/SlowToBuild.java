package io.zkrpc.core.consumer;

/** A result whose decoding takes {@link #BUILD_MILLIS}: its constructor stands for an expensive decode. */
public record SlowToBuild(String value) {

    static final long BUILD_MILLIS = 600;

    public SlowToBuild {
        try {
            Thread.sleep(BUILD_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
