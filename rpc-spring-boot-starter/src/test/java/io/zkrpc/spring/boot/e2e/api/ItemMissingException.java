package io.zkrpc.spring.boot.e2e.api;

public class ItemMissingException extends RuntimeException {

    public ItemMissingException(String message) {
        super(message);
    }
}
