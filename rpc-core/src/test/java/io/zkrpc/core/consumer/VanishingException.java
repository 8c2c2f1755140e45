package io.zkrpc.core.consumer;

/**
 * The template of an exception class the consumer cannot load: the end-to-end test defines its
 * bytes again as a hidden class, whose name no class loader resolves.
 */
public class VanishingException extends RuntimeException {

    public VanishingException(String message) {
        super(message);
    }
}
