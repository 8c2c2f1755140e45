package io.zkrpc.core.consumer;

/** A checked business exception of {@link CatalogService}. */
public class OutOfStockException extends Exception {

    public OutOfStockException(String message) {
        super(message);
    }
}
