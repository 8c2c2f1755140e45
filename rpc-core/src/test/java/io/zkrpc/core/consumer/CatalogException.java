package io.zkrpc.core.consumer;

/** An unchecked business exception of {@link CatalogService}. */
public class CatalogException extends RuntimeException {

    public CatalogException(String message) {
        super(message);
    }
}
