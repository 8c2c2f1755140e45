package io.zkrpc.spring.boot.fallback.api;

/** The service's own failure: never answered by a fallback. */
public class StockException extends RuntimeException {

    public StockException(String message) {
        super(message);
    }
}
