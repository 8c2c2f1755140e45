package io.zkrpc.core.testsupport;

/** The unchecked business exception of {@link Probe}. */
public class ProbeException extends RuntimeException {

    public ProbeException(String message) {
        super(message);
    }
}
