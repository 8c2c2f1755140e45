package io.zkrpc.spring.boot.e2e.api;

/** A checked business exception that {@link CatalogService#reserve} declares. */
public class QuotaExceededException extends Exception {

    public QuotaExceededException(String message) {
        super(message);
    }
}
